package io.ganglion.drivers.gpio;

/**
 * Wall-clock time in microseconds that never goes backwards: the epoch time at start plus the monotonic time since.
 * Windows align to the wall clock, but an NTP step must not make a pin's active time negative.
 */
final class EpochMicros {
    private final long epochMicrosAtStart = System.currentTimeMillis() * 1000;
    private final long nanosAtStart = System.nanoTime();

    long now() {
        return epochMicrosAtStart + (System.nanoTime() - nanosAtStart) / 1000;
    }
}
