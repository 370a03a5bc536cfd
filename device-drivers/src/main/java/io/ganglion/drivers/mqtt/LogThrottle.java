package io.ganglion.drivers.mqtt;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the rest, so that a misbehaving device or a flapping broker cannot
 * flood the log. The counters in the drivers, not the log, are the complete record.
 */
final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextAllowed = new AtomicLong(System.nanoTime());
    }

    /**
     * @return -1 when this event must not be logged, otherwise how many events were suppressed since the last one that
     *     was logged
     */
    long admit() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
