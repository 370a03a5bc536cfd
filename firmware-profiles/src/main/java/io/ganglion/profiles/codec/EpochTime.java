package io.ganglion.profiles.codec;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;

/** Device times in a payload's unit turned into the epoch milliseconds of {@link Sample#timestamp()}. */
final class EpochTime {
    /** Doubles at or beyond this magnitude are not a long number of milliseconds. */
    private static final double LONG_RANGE = 0x1p63;

    private EpochTime() {
    }

    /** @param where the place in the payload, for the message: "JSON path ts", "the timestamp at byte 0" */
    static long fromWhole(long value, EpochUnit unit, String where) throws DecodeException {
        try {
            return Math.multiplyExact(value, unit.millis());
        } catch (ArithmeticException e) {
            throw outOfRange(where, Long.toString(value), unit);
        }
    }

    static long fromFraction(double value, EpochUnit unit, String where) throws DecodeException {
        if (!Double.isFinite(value)) {
            throw new DecodeException(RejectReason.NOT_FINITE, where + ": expected a finite number of "
                    + unit.describe() + ", got " + value);
        }
        double millis = Math.rint(value * unit.millis());
        if (Math.abs(millis) >= LONG_RANGE) {
            throw outOfRange(where, Double.toString(value), unit);
        }
        return (long) millis;
    }

    private static DecodeException outOfRange(String where, String value, EpochUnit unit) {
        return new DecodeException(RejectReason.TIMESTAMP_OUT_OF_RANGE, where + ": " + value + " " + unit.describe()
                + " is beyond the range of 64-bit epoch milliseconds");
    }
}
