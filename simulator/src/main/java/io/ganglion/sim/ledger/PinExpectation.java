package io.ganglion.sim.ledger;

/**
 * What the gateway should hold of one metric of a GPIO device, from the {@link Ledger}. The gateway does not store a
 * GPIO device's messages as they are: it reads the pins and reports them once per window of its own, on its own
 * clock. So its readings cannot be matched to the messages one by one; what must agree is what the pins were made to
 * count. For a counter (the {@code count} of a pin in {@code counter} mode, such as a loop detector's vehicles), the
 * sum of the gateway's readings lies between the pulses played in full and all pulses sent to the pins: a message
 * whose pulses were cut short (the player closed, or they did not fit) may have been counted in part. For any other
 * pin metric (occupancy, a level), the gateway must have reported it at least once.
 *
 * @param deviceId     the device
 * @param metric       the metric
 * @param counter      whether the metric is a count of pulses, checked by its sum
 * @param sent         messages with this metric handed to the pins
 * @param acknowledged of them, played in full
 * @param sumSent      the metric's values over the messages sent
 * @param sumPlayed    over the messages played in full
 * @param firstSentAt  when the first was handed to the pins, UTC epoch ms (wall clock): the gateway's readings of this
 *                     run are stamped at or after it
 */
public record PinExpectation(String deviceId, String metric, boolean counter, long sent, long acknowledged,
                             double sumSent, double sumPlayed, long firstSentAt) {

    /** This expectation against the gateway's readings of the metric since {@link #firstSentAt}. */
    public PinCheck check(long storedReadings, double storedSum) {
        return new PinCheck(this, storedReadings, storedSum);
    }
}
