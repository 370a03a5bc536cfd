package io.ganglion.runtime.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SyncFeed}'s one thread ({@code ganglion-sync}) and its bounded queue. The store's writer thread offers
 * work and never waits: beyond {@link #MAX_PENDING} tasks, or once stopped, an offer is refused and the feed decides
 * what that costs (readings are read back from the store later; other work is counted as not kept). A task that
 * throws is logged and the thread goes on. It is separate from the feed so that the feed is what is done with
 * committed data, and this is how that work is queued, bounded and stopped.
 */
final class FeedQueue {
    /** The feed's logger: what it logs is the feed's, whichever class does it. */
    private static final Logger LOG = LoggerFactory.getLogger(SyncFeed.class);
    static final int MAX_PENDING = 10_000;
    /** How long {@link #stop()} waits for the queued work. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final ScheduledExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger();

    FeedQueue() {
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganglion-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues work unless {@link #MAX_PENDING} tasks wait already or the queue is stopped. Never blocks. */
    boolean offer(Runnable work) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return false;
        }
        try {
            thread.execute(() -> {
                pending.decrementAndGet();
                run(work);
            });
            return true;
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            return false;
        }
    }

    boolean isStopped() {
        return thread.isShutdown();
    }

    /**
     * Queues the feed's own work (its start and its end), outside the bound.
     *
     * @throws RejectedExecutionException once stopped
     */
    void execute(Runnable work) {
        thread.execute(() -> run(work));
    }

    /** Runs work every {@code period}, the first time after one period. */
    void every(Duration period, Runnable work) {
        thread.scheduleWithFixedDelay(() -> run(work), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes no more work, lets what is queued run for at most 10 s, then stops the thread. */
    void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("sync: the feed did not finish within 10 s; the next start resumes from its last checkpoint");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }

    private static void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("sync: a record could not be made; the data stays in the store", e);
        }
    }
}
