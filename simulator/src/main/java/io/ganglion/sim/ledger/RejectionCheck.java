package io.ganglion.sim.ledger;

/**
 * One device's malformed messages, the ledger against the gateway's rejected count: they must be equal, because every
 * malformed payload is rejected with a reason and counted, never stored and never silently dropped.
 *
 * @param deviceId      the device
 * @param malformedSent malformed messages sent ({@link Ledger#malformedSent})
 * @param rejected      the gateway's rejected count for the device
 */
public record RejectionCheck(String deviceId, long malformedSent, long rejected) {

    public boolean passed() {
        return malformedSent == rejected;
    }

    public String describe() {
        return "expected " + malformedSent + " rejected messages of device " + deviceId + "; the gateway rejected "
                + rejected + (passed() ? " (OK)" : rejected < malformedSent ? " (MISSED)" : " (EXCESS)");
    }
}
