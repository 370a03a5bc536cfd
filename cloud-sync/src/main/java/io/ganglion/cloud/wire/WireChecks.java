package io.ganglion.cloud.wire;

/** The checks every record makes of itself, so that a malformed batch is refused whole, before anything is stored. */
final class WireChecks {
    static final int MAX_TEXT = 256;
    /** 2000-01-01 to 2200-01-01: anything outside is a broken clock or a broken encoder. */
    static final long MIN_TIME = 946_684_800_000L;
    static final long MAX_TIME = 7_258_118_400_000L;

    private WireChecks() {
    }

    static void text(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_TEXT + " characters");
        }
    }

    static void finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number, not " + value);
        }
    }

    static void time(String field, long millis) {
        if (millis < MIN_TIME || millis > MAX_TIME) {
            throw new IllegalArgumentException(field + " " + millis + " is not a plausible UTC epoch millisecond");
        }
    }

    static void window(long start, long end) {
        time("windowStart", start);
        time("windowEnd", end);
        if (end <= start) {
            throw new IllegalArgumentException("windowEnd must be after windowStart");
        }
    }
}
