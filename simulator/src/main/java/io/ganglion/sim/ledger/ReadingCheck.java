package io.ganglion.sim.ledger;

import java.time.Instant;

/**
 * One device's metric, the ledger against the gateway's store.
 *
 * @param expected what the ledger says
 * @param stored   how many readings the gateway has of the device's metric between {@code expected.from()} and
 *                 {@code expected.to()}
 */
public record ReadingCheck(Expectation expected, long stored) {
    public enum Outcome {
        /** Within the bounds. */
        OK,
        /** Fewer than were acknowledged: an acknowledged reading was lost. */
        LOSS,
        /** More than acknowledged, duplicates and unconfirmed sends together: the gateway multiplied some. */
        EXCESS
    }

    public Outcome outcome() {
        if (stored < expected.fewest()) {
            return Outcome.LOSS;
        }
        return stored > expected.most() ? Outcome.EXCESS : Outcome.OK;
    }

    public boolean passed() {
        return outcome() == Outcome.OK;
    }

    /**
     * For a report, e.g. {@code expected 60 readings of device air-0001 metric pm10 between 2026-03-02T06:00:00Z and
     * 2026-03-02T06:59:00Z; the gateway has 59 (LOSS)}.
     */
    public String describe() {
        long fewest = expected.fewest();
        long most = expected.most();
        String count = fewest == most ? Long.toString(fewest) : fewest + " to " + most;
        return "expected " + count + " readings of device " + expected.deviceId() + " metric " + expected.metric()
                + " between " + Instant.ofEpochMilli(expected.from()) + " and " + Instant.ofEpochMilli(expected.to())
                + "; the gateway has " + stored + " (" + outcome() + ")";
    }
}
