package io.ganglion.inference.source;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source's poll at a fixed rate on one daemon thread of its own. A scheduled task that throws is never run
 * again by its executor, which would silently stop the camera; so every failure, including an unexpected
 * RuntimeException or Error from the poll, is reported to the sink and the next poll runs as planned.
 */
final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final String cameraId;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    Poller(String cameraId, String threadName) {
        this.cameraId = cameraId;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** Polls now and then every {@code interval}; a poll that overruns delays the next, never overlaps it. */
    void start(Duration interval, Runnable poll, FrameSink sink) {
        executor.scheduleAtFixedRate(() -> {
            try {
                poll.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                sink.problem(cameraId, "polling failed unexpectedly: " + e, e);
            }
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean stopping() {
        return executor.isShutdown();
    }

    /** Stops: interrupts a running poll and waits up to 2 s for it to end. */
    void close() {
        executor.shutdownNow();
        try {
            // The pool terminates a moment before its thread has returned; join it so that "closed" means ended.
            Thread t = thread;
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    || t != null && t != Thread.currentThread() && !join(t)) {
                LOG.warn("camera {}: a poll did not stop within {} ms", cameraId, CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean join(Thread t) throws InterruptedException {
        t.join(CLOSE_WAIT_MILLIS);
        return !t.isAlive();
    }
}
