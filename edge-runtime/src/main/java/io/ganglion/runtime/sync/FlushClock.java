package io.ganglion.runtime.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The summaries' clock: the system's, until a graceful stop moves it ahead so that one last
 * {@code WindowSummaries.tick()} closes every open window (each series' watermark passes the end of its windows).
 */
final class FlushClock extends Clock {
    private final Clock base;
    private volatile long aheadMillis;

    FlushClock(Clock base) {
        this.base = base;
    }

    void moveAhead(Duration by) {
        aheadMillis = by.toMillis();
    }

    @Override
    public long millis() {
        return base.millis() + aheadMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the flush clock is UTC only");
    }
}
