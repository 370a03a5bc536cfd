package io.ganglion.drivers.coap;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter: the n-th retry waits a uniformly random time in [0, min(max, base * 2^n)).
 * Full jitter keeps many devices that went away together (a power cut on a street) from being retried in lock-step
 * when they come back.
 */
final class FullJitterBackoff {
    private final long baseMillis;
    private final long maxMillis;

    FullJitterBackoff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("0 < base <= max, not " + base + " and " + max);
        }
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The upper bound of the wait before retry number {@code failures} (1 after the first failure). */
    long ceilingMillis(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 40); // 2^40 ms exceeds any sensible max
        return Math.min(maxMillis, baseMillis << doublings);
    }

    /** A random wait before retry number {@code failures}, at least 1 ms. */
    long delayMillis(int failures) {
        return 1 + ThreadLocalRandom.current().nextLong(ceilingMillis(failures));
    }
}
