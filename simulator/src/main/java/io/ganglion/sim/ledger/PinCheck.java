package io.ganglion.sim.ledger;

import java.util.Locale;

/**
 * One GPIO device's metric, the ledger against the gateway's readings of it ({@link PinExpectation} states the rule).
 *
 * @param expected       what the ledger says
 * @param storedReadings the gateway's readings of the metric since the run's first pulse
 * @param storedSum      the sum of their values
 */
public record PinCheck(PinExpectation expected, long storedReadings, double storedSum) {
    /** Sums of whole counts compared with room for the floating-point sum of the store. */
    private static final double EPSILON = 1e-6;

    public ReadingCheck.Outcome outcome() {
        if (!expected.counter()) {
            return expected.acknowledged() > 0 && storedReadings == 0 ? ReadingCheck.Outcome.LOSS
                    : ReadingCheck.Outcome.OK;
        }
        if (storedSum < expected.sumPlayed() - EPSILON) {
            return ReadingCheck.Outcome.LOSS;
        }
        return storedSum > expected.sumSent() + EPSILON ? ReadingCheck.Outcome.EXCESS : ReadingCheck.Outcome.OK;
    }

    public boolean passed() {
        return outcome() == ReadingCheck.Outcome.OK;
    }

    /**
     * For a report, e.g. {@code expected 412 counted on the pins of device loop-0003 metric vehicles; the gateway
     * counted 409 in 31 readings (LOSS)}.
     */
    public String describe() {
        if (!expected.counter()) {
            return String.format(Locale.ROOT, "expected device %s metric %s reported from its pins (%d messages "
                            + "played); the gateway has %d readings (%s)", expected.deviceId(), expected.metric(),
                    expected.acknowledged(), storedReadings, outcome());
        }
        String count = expected.sumPlayed() == expected.sumSent() ? number(expected.sumSent())
                : number(expected.sumPlayed()) + " to " + number(expected.sumSent());
        return String.format(Locale.ROOT, "expected %s counted on the pins of device %s metric %s; the gateway counted"
                        + " %s in %d readings (%s)", count, expected.deviceId(), expected.metric(), number(storedSum),
                storedReadings, outcome());
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
