package io.ganglion.profiles;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the rest, so that a misbehaving device, a flapping broker or a
 * failing disk cannot flood the log (STYLE.md: Californium's FilteredLogger). The metrics counters, not the log, are
 * the complete record. Use: {@code long skipped = throttle.admit(); if (skipped >= 0) LOG.warn("... ({} more not
 * logged)", ..., skipped);} Thread-safe and lock-free.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextAllowed = new AtomicLong(System.nanoTime());
    }

    /**
     * @return -1 when this event must not be logged, otherwise how many events were suppressed since the last one that
     *     was logged
     */
    public long admit() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
