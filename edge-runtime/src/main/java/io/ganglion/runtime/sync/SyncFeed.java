package io.ganglion.runtime.sync;

import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxOverloadedException;
import io.ganglion.cloud.sync.WindowSummaries;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.profiles.LogThrottle;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.store.WindowRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the store committed into sync records and appends them to the outbox, on its one thread
 * ({@code ganglion-sync}): committed readings into {@link WindowSummaries} (not thread-safe: only this thread touches
 * it), stored detection windows into {@link DetectionCount}s, stored status messages into {@link StatusChange}s, and
 * once a second {@link WindowSummaries#tick()} for series that went quiet.
 *
 * <p>Callers (the store's writer thread) only enqueue and never wait: the queue is bounded ({@link #MAX_PENDING}
 * tasks); beyond it the work is dropped, counted ({@link #overflowed()}) and logged at most every 10 s. An append the
 * outbox refuses (its own queue full, or an error) is counted the same way: ingest is never slowed by the sync.
 */
final class SyncFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncFeed.class);
    static final int MAX_PENDING = 10_000;
    static final Duration TICK = Duration.ofSeconds(1);

    private final WindowSummaries summaries;
    private final FlushClock clock;
    private final Duration flushAhead;
    private final Outbox outbox;
    private final Runnable appended;
    private final ScheduledExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong appendFailures = new AtomicLong();
    private final AtomicLong badSkipped = new AtomicLong();
    private final LogThrottle overflowLog = new LogThrottle(Duration.ofSeconds(10));
    private volatile WindowSummaries.WindowStats stats;

    /**
     * @param summaries  fed only on this feed's thread; its clock is {@code clock}
     * @param flushAhead how far {@code clock} moves ahead at a graceful stop to close every open window: more than
     *                   window + lateness
     * @param appended   told after each successful append (wakes the uplink)
     */
    SyncFeed(WindowSummaries summaries, FlushClock clock, Duration flushAhead, Outbox outbox, Runnable appended) {
        this.summaries = summaries;
        this.clock = clock;
        this.flushAhead = flushAhead;
        this.outbox = outbox;
        this.appended = appended;
        this.stats = summaries.stats();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganglion-sync");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        thread.scheduleWithFixedDelay(() -> run(() -> summarised(summaries.tick())), TICK.toMillis(),
                TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Committed readings (the store's commit listener). Never blocks. Readings of quality BAD (outside the valid range
     * their profile gives) are kept in the store but not summarised, so that one broken sensor value does not become
     * the window's max in the cloud; they are counted ({@link #badSkipped()}).
     */
    void readingsCommitted(List<Reading> readings) {
        if (readings.isEmpty()) {
            return; // a commit of status messages, detections or rejections only
        }
        submit(() -> readings.size() + " committed readings", () -> {
            List<Payload> closed = new ArrayList<>();
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                if (reading.quality() == Quality.BAD) {
                    badSkipped.incrementAndGet();
                } else {
                    closed.addAll(summaries.accept(reading));
                }
            }
            summarised(closed);
        });
    }

    /** Committed readings of quality BAD, left out of the summaries. */
    long badSkipped() {
        return badSkipped.get();
    }

    /** A stored status message. Never blocks. */
    void statusStored(String device, String state, String firmware, long time) {
        submit(() -> "a status change of '" + device + "'", () -> append(List.of(
                new StatusChange(device, state != null ? state : "firmware", firmware, time))));
    }

    /** A stored detection window: one count per class (and zone) seen in it. Never blocks. */
    void windowStored(WindowRecord window) {
        submit(() -> "the detection window of '" + window.camera() + "'", () -> {
            List<Payload> counts = new ArrayList<>();
            for (WindowRecord.Count c : window.counts()) {
                counts.add(new DetectionCount(window.camera(), c.label(), c.zone(), window.start(), window.end(),
                        window.frames(), c.detections(), c.peak()));
            }
            append(counts);
        });
    }

    WindowSummaries.WindowStats stats() {
        return stats;
    }

    /** Work dropped because the feed's queue was full, and appends the outbox refused. */
    long overflowed() {
        return overflowed.get() + appendFailures.get();
    }

    private void summarised(List<? extends Payload> closed) {
        stats = summaries.stats();
        append(closed);
    }

    /** @param what for the log line when the work is dropped; built only then */
    private void submit(java.util.function.Supplier<String> what, Runnable work) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped("the sync queue is full; " + what.get() + " not summarised");
            return;
        }
        try {
            thread.execute(() -> {
                pending.decrementAndGet();
                run(work);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
            dropped("the sync is stopped; " + what.get() + " not summarised");
        }
    }

    private void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("sync: a record could not be made; the data stays in the store", e);
        }
    }

    private void append(List<? extends Payload> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        try {
            outbox.append(payloads.toArray(Payload[]::new)).whenComplete((seqs, failure) -> {
                if (failure == null) {
                    appended.run();
                } else {
                    appendFailures.incrementAndGet();
                    dropped("the outbox did not take " + payloads.size() + " record(s): " + failure.getMessage());
                }
            });
        } catch (OutboxOverloadedException e) {
            appendFailures.incrementAndGet();
            dropped("the outbox is overloaded; " + payloads.size() + " record(s) not kept");
        }
    }

    private void dropped(String why) {
        overflowed.incrementAndGet();
        long skipped = overflowLog.admit();
        if (skipped >= 0) {
            LOG.warn("sync: {} ({} more not logged)", why, skipped);
        }
    }

    /**
     * Runs what is queued (the last commits of a stopping gateway), closes every window still open early (partial
     * summaries: a window the gateway continues after its restart yields a second summary of that window, which
     * merges exactly, like a late correction), appends them, then stops. Call after the store closed.
     */
    @Override
    public void close() {
        try {
            thread.execute(() -> run(() -> {
                clock.moveAhead(flushAhead);
                summarised(summaries.tick());
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("sync feed already stopped", e);
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("sync: the feed did not finish within 10 s; what it still held is lost for the cloud");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
