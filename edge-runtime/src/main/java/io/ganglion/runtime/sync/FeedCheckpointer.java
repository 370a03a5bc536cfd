package io.ganglion.runtime.sync;

import io.ganglion.cloud.sync.FeedCheckpoint;
import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.WindowSummaries;
import io.ganglion.cloud.wire.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SyncFeed}'s checkpoints (docs/sync.md, "Crash recovery"): it holds the summaries closed since the last
 * checkpoint and appends them to the outbox together with a {@link FeedCheckpoint} (the feed's position in the store
 * and the saved form of every series that changed) in one outbox transaction, once a second and when many are
 * waiting; at start it restores the saved series and answers where in the store the feed takes up. It is separate
 * from the feed so that the feed is only the reading of the store (tail and catch-up) and this is only what is saved
 * and restored. Not thread-safe: only the feed's thread touches it, except {@link #stats()} and {@link #dropped()}.
 */
final class FeedCheckpointer {
    /** The feed's logger: what it logs is the feed's, whichever class does it. */
    private static final Logger LOG = LoggerFactory.getLogger(SyncFeed.class);
    /** Closed summaries held for the next checkpoint beyond which one is saved at once (a long catch-up). */
    static final int SAVE_AT = 20_000;
    /** Closed summaries held while the outbox keeps failing, beyond which the oldest are dropped and counted. */
    static final int MAX_UNSAVED = 200_000;

    private final WindowSummaries summaries;
    private final Outbox outbox;
    private final Runnable appended;
    private final Consumer<String> warn;
    private final AtomicLong dropped = new AtomicLong();
    private volatile WindowSummaries.WindowStats stats;
    private long savedPosition = FeedCheckpoint.NO_POSITION;
    /** Summaries closed since the last checkpoint: they go into the outbox with it. */
    private final List<Payload> unsaved = new ArrayList<>();

    /**
     * @param appended told after each successful append of records (wakes the uplink)
     * @param warn     the feed's rate-limited warning log
     */
    FeedCheckpointer(WindowSummaries summaries, Outbox outbox, Runnable appended, Consumer<String> warn) {
        this.summaries = summaries;
        this.outbox = outbox;
        this.appended = appended;
        this.warn = warn;
        this.stats = summaries.stats();
    }

    /**
     * Takes back the saved series and answers the feed's position: the saved one, or the store's newest reading
     * ({@code newest}) when nothing was saved (a new outbox) or the saved one is beyond it (the store was replaced).
     */
    long restore(FeedCheckpoint.Saved saved, long newest) {
        long position;
        int unreadable = summaries.restore(saved.states());
        if (unreadable > 0) {
            LOG.warn("sync: {} saved series could not be read back; their open windows are lost for the cloud",
                    unreadable);
        }
        if (saved.position() == FeedCheckpoint.NO_POSITION) {
            position = newest;
        } else if (saved.position() > newest) {
            LOG.warn("sync: the outbox was saved at reading {} but the store's newest is {}: the store was replaced;"
                    + " summarising from its newest reading on", saved.position(), newest);
            position = newest;
        } else {
            position = saved.position();
            if (newest > position || !saved.states().isEmpty()) {
                LOG.info("sync: resuming with {} series' open windows and {} readings to summarise again from the "
                        + "store", saved.states().size(), newest - position);
            }
        }
        savedPosition = saved.position();
        stats = summaries.stats();
        return position;
    }

    /** A closed summary or an alert, for the next checkpoint. */
    void add(Payload payload) {
        unsaved.add(payload);
    }

    void addAll(List<? extends Payload> payloads) {
        unsaved.addAll(payloads);
    }

    /** Checkpoints now if enough summaries are waiting: a long catch-up does not hold them all in memory. */
    void checkpointIfFull(long position) {
        if (unsaved.size() >= SAVE_AT) {
            checkpoint(position);
        }
    }

    /**
     * Appends the summaries closed since the last checkpoint with the feed's position and changed windows, in one
     * outbox transaction, and waits for it: this thread is the feed's own, and a checkpoint either happened or did
     * not. If it did not, everything in it is kept for the next one.
     */
    void checkpoint(long position) {
        Map<String, byte[]> states = summaries.takeChangedStates();
        stats = summaries.stats();
        if (unsaved.isEmpty() && states.isEmpty() && position == savedPosition) {
            return;
        }
        if (save(new FeedCheckpoint(position, states, List.of()))) {
            return;
        }
        summaries.markChanged(states.keySet());
        if (unsaved.size() > MAX_UNSAVED) {
            int drop = unsaved.size() - MAX_UNSAVED;
            unsaved.subList(0, drop).clear();
            dropped.addAndGet(drop);
            warn.accept("the outbox keeps failing; the " + drop + " oldest summaries waiting for it are dropped");
        }
    }

    /**
     * The last checkpoint of a run, after a final tick closed every window: saves the position with no open series,
     * because the watermarks moved ahead to close them must not outlive this run.
     */
    void checkpointLast(long position) {
        List<String> forgotten = summaries.forgetAll();
        stats = summaries.stats();
        save(new FeedCheckpoint(position, Map.of(), forgotten));
    }

    /** The window figures as of the last checkpoint (or restore). */
    WindowSummaries.WindowStats stats() {
        return stats;
    }

    /** Summaries dropped because the outbox kept failing. */
    long dropped() {
        return dropped.get();
    }

    /** One outbox transaction: the unsaved summaries and the checkpoint. False when it failed (and was logged). */
    private boolean save(FeedCheckpoint checkpoint) {
        try {
            outbox.append(unsaved, checkpoint).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the outbox still holds the previous checkpoint
            return false;
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            warn.accept("the outbox did not take " + unsaved.size() + " summaries (kept for the next try): "
                    + cause.getMessage());
            return false;
        }
        boolean any = !unsaved.isEmpty();
        unsaved.clear();
        savedPosition = checkpoint.position();
        if (any) {
            appended.run();
        }
        return true;
    }
}
