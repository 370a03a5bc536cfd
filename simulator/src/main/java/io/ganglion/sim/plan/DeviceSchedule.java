package io.ganglion.sim.plan;

import java.util.SplittableRandom;

/**
 * When one device sends: the run's bounds, its interval and jitter, and its own random stream for the start offset
 * and the jitter.
 *
 * @param start          the run's start, epoch milliseconds
 * @param end            the run's end (exclusive), {@code Long.MAX_VALUE} for a run until stopped
 * @param intervalMillis the mean time between its messages
 * @param jitter         each interval varies by up to this share either way
 * @param random         the device's schedule stream
 */
record DeviceSchedule(long start, long end, long intervalMillis, double jitter, SplittableRandom random) {
}
