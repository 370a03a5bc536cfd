package io.ganglion.runtime.store;

import io.ganglion.profiles.LogThrottle;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A {@link LogThrottle} bound to a logger and a level, so that a failing disk or a store stuck at its quota cannot
 * flood the log. The meters carry the exact counts.
 */
final class RateLimitedLog {
    private final Logger log;
    private final Level level;
    private final LogThrottle throttle;

    RateLimitedLog(Logger log, Level level, Duration interval) {
        this.log = log;
        this.level = level;
        this.throttle = new LogThrottle(interval);
    }

    /** Logs {@code format} (SLF4J style; a trailing Throwable is logged as such) unless one was logged recently. */
    void log(String format, Object... args) {
        long skipped = throttle.admit();
        if (skipped < 0) {
            return;
        }
        String suffix = skipped == 0 ? "" : " (" + skipped + " similar messages suppressed)";
        switch (level) {
            case ERROR -> log.error(format + suffix, args);
            case WARN -> log.warn(format + suffix, args);
            default -> log.info(format + suffix, args);
        }
    }
}
