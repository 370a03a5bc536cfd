package io.ganglion.runtime.ingest;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A log for bad input: a hostile or broken device must not be able to flood the log (STYLE.md, Californium's
 * FilteredLogger). At most one line per interval is written; the lines skipped in between are counted and reported
 * with the next one. The metrics counters, not the log, are the complete record.
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, java.time.Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN unless a line was written less than one interval ago. */
    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextAllowedNanos.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            logger.warn(format + " (and {} similar lines suppressed)", append(args, skipped));
        } else {
            logger.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
