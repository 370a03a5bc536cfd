package io.ganglion.runtime.sync;

import io.ganglion.cloud.sync.FeedCheckpoint;
import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.WindowSummaries;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.profiles.LogThrottle;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.store.CommitListener;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoredReading;
import io.ganglion.runtime.store.WindowRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the store committed into sync records and appends them to the outbox, on its one thread
 * ({@code ganglion-sync}): committed readings into {@link WindowSummaries} (not thread-safe: only this thread touches
 * it), stored detection windows into {@link DetectionCount}s, stored status messages into {@link StatusChange}s,
 * once a second {@link WindowSummaries#tick()} for series that went quiet, and the {@link GatewayAlerts}.
 *
 * <p><b>Crash recovery.</b> The feed keeps its place in the store: the id of the last reading it summarised. Once a
 * second it appends the summaries closed since the last time together with a {@link FeedCheckpoint} (that place, and
 * the open windows of every series that changed) in one outbox transaction. A gateway killed at any instant restarts
 * from its last checkpoint ({@link #resume}): the saved windows come back and the readings committed after the saved
 * place are read again from the store, so each reading ends up in exactly one summary in the outbox. What is saved
 * and restored, and when, is {@link FeedCheckpointer}'s; this class reads the store (tail and catch-up).
 *
 * <p>Callers (the store's writer thread) only enqueue and never wait: the queue is bounded
 * ({@link FeedQueue#MAX_PENDING} tasks). Committed readings that do not fit are not lost: the feed notices the gap in
 * the ids and reads them from the store. Other work that does not fit (a status change, a detection window) is
 * dropped, counted ({@link #notKept()}) and logged at most every 10 s, as is an append the outbox refuses: ingest is
 * never slowed by the sync.
 */
final class SyncFeed implements CommitListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncFeed.class);
    static final Duration TICK = Duration.ofSeconds(1);
    /** Readings read back from the store per query when catching up. */
    static final int CATCH_UP_PAGE = 5_000;

    private final WindowSummaries summaries;
    private final FlushClock clock;
    private final Duration flushAhead;
    private final Outbox outbox;
    private final GatewayAlerts alerts;
    private final Runnable appended;
    private final FeedQueue queue = new FeedQueue();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong appendFailures = new AtomicLong();
    private final AtomicLong badSkipped = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    /** A commit's readings did not fit in the queue: the next tick reads them from the store. */
    private final AtomicBoolean behind = new AtomicBoolean();
    private final LogThrottle overflowLog = new LogThrottle(Duration.ofSeconds(10));
    private final FeedCheckpointer checkpoints;

    // Touched only on the feed's thread (or before start()).
    private ReadingLog log;
    /** The id of the last reading accounted for: summarised, or known to be gone from the store. */
    private long position = FeedCheckpoint.NO_POSITION;

    /** Where the feed reads committed readings it was not told about: the store. */
    interface ReadingLog {
        long lastReadingId();

        List<StoredReading> readingsAfter(long afterId, long throughId, int limit);

        static ReadingLog of(LocalStore store) {
            return new ReadingLog() {
                @Override
                public long lastReadingId() {
                    return store.lastReadingId();
                }

                @Override
                public List<StoredReading> readingsAfter(long afterId, long throughId, int limit) {
                    return store.readingsAfter(afterId, throughId, limit);
                }
            };
        }
    }

    /**
     * @param summaries  fed only on this feed's thread; its clock is {@code clock}
     * @param flushAhead how far {@code clock} moves ahead at a graceful stop to close every open window: more than
     *                   window + lateness
     * @param alerts     the alerts the feed raises (a reading out of range, the store evicting)
     * @param appended   told after each successful append (wakes the uplink)
     */
    SyncFeed(WindowSummaries summaries, FlushClock clock, Duration flushAhead, Outbox outbox, GatewayAlerts alerts,
             Runnable appended) {
        this.summaries = summaries;
        this.clock = clock;
        this.flushAhead = flushAhead;
        this.outbox = outbox;
        this.alerts = alerts;
        this.appended = appended;
        this.checkpoints = new FeedCheckpointer(summaries, outbox, appended, this::warn);
    }

    /**
     * Takes up where the last run left off; call before {@link #start()} and before intake starts. A new outbox
     * (nothing saved) starts at the store's newest reading: what was stored before the sync was enabled is not
     * summarised.
     */
    void resume(ReadingLog store, FeedCheckpoint.Saved saved) {
        this.log = store;
        long newest = store.lastReadingId();
        position = checkpoints.restore(saved, newest);
    }

    void start() {
        queue.execute(() -> {
            // Readings committed before a crash and not saved with the last checkpoint: summarise them first.
            if (log != null) {
                catchUp(log.lastReadingId());
            }
        });
        queue.every(TICK, this::tick);
    }

    @Override
    public void committed(List<Reading> readings) {
        committed(readings, -1);
    }

    /**
     * Committed readings (the store's commit listener). Never blocks. Readings of quality BAD (outside the valid range
     * their profile gives) are kept in the store but not summarised, so that one broken sensor value does not become
     * the window's max in the cloud; they are counted ({@link #badSkipped()}).
     *
     * @param firstReadingId the store id of the first reading, -1 when not known (then no catching up)
     */
    @Override
    public void committed(List<Reading> readings, long firstReadingId) {
        if (readings.isEmpty()) {
            return; // a commit of status messages, detections or rejections only
        }
        Runnable work = () -> feedCommit(readings, firstReadingId);
        if (!queue.offer(work)) {
            if (firstReadingId >= 0 && log != null) {
                behind.set(true); // still in the store: the next tick reads them from there
            } else {
                overflowed.incrementAndGet();
                warn("the sync queue is full; " + readings.size() + " committed readings not summarised");
            }
        }
    }

    /** Committed readings of quality BAD, left out of the summaries. */
    long badSkipped() {
        return badSkipped.get();
    }

    /** Readings summarised from the store rather than from the commit listener: after a restart or an overflow. */
    long replayed() {
        return replayed.get();
    }

    /** Readings the store evicted (its quota) before the feed could summarise them: lost for the cloud. */
    long missed() {
        return missed.get();
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
        return checkpoints.stats();
    }

    /** Work dropped because the feed's queue was full or the outbox kept failing, and appends the outbox refused. */
    long notKept() {
        return overflowed.get() + checkpoints.dropped() + appendFailures.get();
    }

    private void feedCommit(List<Reading> readings, long firstId) {
        if (firstId < 0) {
            readings.forEach(this::summarise);
            return;
        }
        long lastId = firstId + readings.size() - 1;
        if (lastId <= position) {
            return; // already read from the store while catching up
        }
        if (firstId > position + 1) {
            catchUp(firstId - 1); // commits before this one did not fit in the queue, or came before a restart
        }
        for (int i = (int) Math.max(0, position + 1 - firstId); i < readings.size(); i++) {
            summarise(readings.get(i));
        }
        position = lastId;
        checkpoints.checkpointIfFull(position);
    }

    /** Summarises the store's readings after {@link #position} up to {@code throughId}. */
    private void catchUp(long throughId) {
        while (log != null && position < throughId) {
            List<StoredReading> page = log.readingsAfter(position, throughId, CATCH_UP_PAGE);
            if (page.isEmpty()) {
                missed.addAndGet(throughId - position);
                position = throughId;
                break;
            }
            for (StoredReading r : page) {
                missed.addAndGet(r.id() - position - 1); // evicted by the store's quota before we got to them
                summarise(r.reading());
                replayed.incrementAndGet();
                position = r.id();
            }
            checkpoints.checkpointIfFull(position);
        }
    }

    private void summarise(Reading reading) {
        if (reading.quality() == Quality.BAD) {
            badSkipped.incrementAndGet();
            alerts.outOfRange(reading).ifPresent(checkpoints::add);
        } else {
            checkpoints.addAll(summaries.accept(reading));
        }
    }

    private void tick() {
        if (behind.getAndSet(false) && log != null) {
            catchUp(log.lastReadingId());
        }
        checkpoints.addAll(summaries.tick());
        alerts.storeEvicting(clock.millis()).ifPresent(checkpoints::add);
        checkpoints.checkpoint(position);
    }

    /** @param what for the log line when the work is dropped; built only then */
    private void submit(Supplier<String> what, Runnable work) {
        if (!queue.offer(work)) {
            overflowed.incrementAndGet();
            warn((queue.isStopped() ? "the sync is stopped; " : "the sync queue is full; ") + what.get()
                    + " not summarised");
        }
    }

    private void append(List<? extends Payload> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        outbox.append(payloads.toArray(Payload[]::new)).whenComplete((seqs, failure) -> {
            if (failure == null) {
                appended.run();
            } else {
                appendFailures.incrementAndGet();
                warn("the outbox did not take " + payloads.size() + " record(s): " + failure.getMessage());
            }
        });
    }

    private void warn(String why) {
        long skipped = overflowLog.admit();
        if (skipped >= 0) {
            LOG.warn("sync: {} ({} more not logged)", why, skipped);
        }
    }

    /**
     * Runs what is queued (the last commits of a stopping gateway), closes every window still open early (partial
     * summaries: a window the gateway continues after its restart yields a second summary of that window, which
     * merges exactly, like a late correction), and saves them with the feed's position and no open windows, then
     * stops. Call after the store closed. If that last save fails, the next start resumes from the checkpoint before.
     */
    @Override
    public void close() {
        try {
            queue.execute(() -> {
                clock.moveAhead(flushAhead);
                checkpoints.addAll(summaries.tick());
                checkpoints.checkpointLast(position);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("sync feed already stopped", e);
        }
        queue.stop();
    }
}
