package io.ganglion.sim.faults;

/**
 * Whether a device is among a fraction, from its seed alone: the same devices every run with the same seed, however
 * many messages came before.
 */
final class Chance {
    static final long SILENCE = 1;
    static final long FIRMWARE = 2;
    static final long SKEW = 3;
    static final long SKEW_AMOUNT = 4;
    /** Storm k of a device uses {@code STORM + k}. */
    static final long STORM = 1_000;

    private Chance() {
    }

    static boolean chosen(long deviceSeed, long purpose, double fraction) {
        return fraction >= 1 || uniform(deviceSeed, purpose) < fraction;
    }

    static double uniform(long deviceSeed, long purpose) {
        return (mix(deviceSeed ^ mix(purpose * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
