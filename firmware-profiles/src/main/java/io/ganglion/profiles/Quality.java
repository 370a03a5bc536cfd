package io.ganglion.profiles;

/**
 * How far a reading can be trusted. Stored as its {@link #code()} so the order of constants may change freely.
 */
public enum Quality {
    /** Decoded, in range, timestamp plausible. */
    GOOD(0),
    /** Stored but suspicious: e.g. the device clock is skewed beyond the configured bound. */
    UNCERTAIN(1),
    /** Stored but known wrong: e.g. outside the profile's valid range. */
    BAD(2);

    private final int code;

    Quality(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Quality ofCode(int code) {
        for (Quality q : values()) {
            if (q.code == code) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown quality code " + code);
    }
}
