package io.ganglion.runtime.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs at most one message per interval and says how many were suppressed in between, so that a failing disk or a
 * store stuck at its quota cannot flood the log. The meters carry the exact counts.
 */
final class RateLimitedLog {
    private final Logger log;
    private final Level level;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Level level, Duration interval) {
        this.log = log;
        this.level = level;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code format} (SLF4J style; a trailing Throwable is logged as such) unless one was logged recently. */
    void log(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        String suffix = skipped == 0 ? "" : " (" + skipped + " similar messages suppressed)";
        switch (level) {
            case ERROR -> log.error(format + suffix, args);
            case WARN -> log.warn(format + suffix, args);
            default -> log.info(format + suffix, args);
        }
    }
}
