package io.ganglion.sim.faults;

/**
 * Storm k (k = 1, 2, ...) strikes at {@code start + k * every}; a device drops in it when its draw for k is below
 * the fraction. Computed, not stored, so an endless run costs nothing per storm.
 */
final class DisconnectStorms {
    /** Beyond this many storms without a drop, the device is taken never to drop (a fraction near 0). */
    private static final long SEARCH_LIMIT = 100_000;

    private final long every;
    private final double fraction;
    private final long deviceSeed;
    private final long start;

    DisconnectStorms(FaultSpec.Disconnects spec, long deviceSeed, long start) {
        this.every = spec.every().toMillis();
        this.fraction = spec.fraction();
        this.deviceSeed = deviceSeed;
        this.start = start;
    }

    long nextDropAt(long time) {
        if (fraction <= 0) {
            return Long.MAX_VALUE;
        }
        long first = Math.max(1, Math.floorDiv(time - start + every - 1, every));
        for (long k = first; k < first + SEARCH_LIMIT; k++) {
            if (Chance.chosen(deviceSeed, Chance.STORM + k, fraction)) {
                return start + k * every;
            }
        }
        return Long.MAX_VALUE;
    }
}
