package io.ganglion.cloud.sync;

import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): after the n-th
 * consecutive failure, wait a uniformly random time in [0, min(cap, base * 2^(n-1))]. Full jitter spreads a fleet of
 * gateways that lost the same uplink, so they do not all retry at the same instant when it comes back.
 */
final class Backoff {
    private Backoff() {
    }

    /** The ceiling of the n-th wait (n >= 1). */
    static long ceilingMs(int failures, long baseMs, long capMs) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 40);
        long ceiling = baseMs << Math.min(doublings, Long.numberOfLeadingZeros(baseMs) - 1);
        return Math.min(capMs, ceiling);
    }

    static long delayMs(int failures, long baseMs, long capMs, RandomGenerator random) {
        return random.nextLong(ceilingMs(failures, baseMs, capMs) + 1);
    }
}
