package io.ganglion.sim.ledger;

/**
 * What the gateway's store should hold of one device's metric after a run, from the {@link Ledger}.
 *
 * <p>For payloads without a device time, {@code from} and {@code to} are the scheduled send times while the gateway
 * stores its receive time: widen the query window by the delivery delay.
 *
 * <p>The rule: the store holds every acknowledged reading, so at least {@code acknowledged}; beyond that at most the
 * duplicates sent (a gateway may keep a second copy) and the readings sent whose acknowledgement never came (lost
 * with a dropped connection: the gateway may have committed them). With faults off and every message acknowledged
 * the two bounds meet: stored == acknowledged exactly.
 *
 * @param deviceId       the device
 * @param metric         the metric
 * @param from           the earliest reading timestamp sent, UTC epoch ms (query the store from here)
 * @param to             the latest reading timestamp sent (to here, inclusive)
 * @param sent           readings sent, duplicates not included
 * @param acknowledged   readings the gateway acknowledged
 * @param duplicatesSent readings sent a second time by the {@code duplicate} fault
 * @param outOfRangeSent readings among {@code sent} outside the metric's range: stored with BAD quality
 */
public record Expectation(String deviceId, String metric, long from, long to, long sent, long acknowledged,
                          long duplicatesSent, long outOfRangeSent) {

    /** The fewest readings the store may hold. */
    public long fewest() {
        return acknowledged;
    }

    /** The most readings the store may hold. */
    public long most() {
        return acknowledged + duplicatesSent + Math.max(0, sent - acknowledged);
    }

    /** This expectation against what the gateway has stored between {@link #from} and {@link #to}. */
    public ReadingCheck check(long stored) {
        return new ReadingCheck(this, stored);
    }
}
