package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The store's one writer thread: takes writes from the queue, group-commits them, then acknowledges them.
 *
 * <p>A batch starts with the first write to arrive and keeps taking writes until it holds {@code batchMaxReadings}
 * readings (a write is never split, so the last one may overshoot) or {@code batchMaxDelay} has passed. One
 * transaction, one fsync, for the whole batch is what lets a Raspberry-Pi-class SD card keep up with thousands of
 * readings a second. A failed transaction fails every write in it and the writer carries on with the next batch.
 */
final class StoreWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    static final String THREAD_NAME = "ganglion-store-writer";

    private final Connection c;
    private final Path file;
    private final WriteQueue queue;
    private final StoreConfig config;
    private final QuotaGuard quota;
    private final StoreMetrics metrics;
    private final SeriesCache series;
    private final BatchWriter batchWriter;
    private final Lock transactionLock;
    private final Thread thread;
    private final List<CommitListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean lastCommitFailed;
    private static final long SLOW_COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private final RateLimitedLog slowLog = new RateLimitedLog(LOG, Level.WARN, Duration.ofSeconds(10));
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Level.ERROR, Duration.ofSeconds(10));

    StoreWriter(Connection writerConnection, Path file, WriteQueue queue, StoreConfig config, SeriesCache series,
                QuotaGuard quota, Lock transactionLock, StoreMetrics metrics) throws SQLException {
        this.c = writerConnection;
        this.file = file;
        this.queue = queue;
        this.config = config;
        this.quota = quota;
        this.metrics = metrics;
        this.series = series;
        this.batchWriter = new BatchWriter(writerConnection, config, series);
        this.transactionLock = transactionLock;
        // A platform daemon thread: it blocks in JDBC (native code), which would pin a virtual thread anyway.
        this.thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Waits for the writer to drain a closed queue; false if it did not finish in time. */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    @Override
    public void run() {
        try {
            writeUntilClosed();
        } finally {
            batchWriter.close();
            series.close();
            quota.close();
        }
        LOG.debug("Store writer for {} drained its queue and stopped", file);
    }

    private void writeUntilClosed() {
        quota.check(); // a lowered quota takes effect at start, not only after the first write
        List<StoreWrite> batch = new ArrayList<>();
        for (StoreWrite first = queue.take(); first != null; first = queue.take()) {
            batch.add(first);
            int max = config.batchMaxReadings();
            int weight = first.batchWeight();
            long deadline = System.nanoTime() + config.batchMaxDelay().toNanos();
            while (weight < max) {
                weight = queue.drainTo(batch, weight, max); // what is queued already, in one go
                if (weight >= max) {
                    break;
                }
                StoreWrite next = queue.pollUntil(deadline);
                if (next == null) {
                    break;
                }
                batch.add(next);
                weight += next.batchWeight();
            }
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<StoreWrite> batch) {
        long start = System.nanoTime();
        int readings;
        try {
            readings = writeOrRollBack(batch);
        } catch (SQLException | RuntimeException e) {
            metrics.writeFailures.increment(batch.size());
            failureLog.log("Store {}: a batch of {} writes failed and was not stored; their senders were told: {}",
                    file, batch.size(), e.toString());
            StoreException failure = new StoreException("Store " + file + ": the transaction failed: "
                    + e.getMessage(), e);
            lastCommitFailed = true;
            batch.forEach(w -> w.done().completeExceptionally(failure));
            return;
        }
        lastCommitFailed = false;
        metrics.commitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        metrics.commits.increment();
        metrics.readingsStored.increment(readings);
        // Only now is the data committed: acknowledge.
        batch.forEach(w -> w.done().complete(null));
        notifyListeners(batch, readings == 0 ? -1 : batchWriter.lastReadingId() - readings + 1);
        quota.check();
    }

    private int writeOrRollBack(List<StoreWrite> batch) throws SQLException {
        long waitStart = System.nanoTime();
        transactionLock.lock(); // between two transactions the WAL checkpointer may take a turn
        long waited = System.nanoTime() - waitStart;
        metrics.checkpointWait.record(waited, TimeUnit.NANOSECONDS);
        long writeStart = System.nanoTime();
        try {
            return batchWriter.write(batch);
        } catch (SQLException | RuntimeException e) {
            batchWriter.reset();
            rollbackQuietly(c);
            throw e;
        } finally {
            transactionLock.unlock();
            reportIfSlow(batch.size(), waited, System.nanoTime() - writeStart);
        }
    }

    /** A commit this slow stalls every device behind it: say so, and what it waited for, so that it can be traced. */
    private void reportIfSlow(int writes, long waitedNanos, long transactionNanos) {
        if (waitedNanos + transactionNanos >= SLOW_COMMIT_NANOS) {
            slowLog.log("Store {}: a commit of {} writes took {} ms: {} ms waiting for the WAL checkpointer, {} ms in "
                    + "the transaction (insert, COMMIT and its fsync)", file, writes,
                    TimeUnit.NANOSECONDS.toMillis(waitedNanos + transactionNanos),
                    TimeUnit.NANOSECONDS.toMillis(waitedNanos), TimeUnit.NANOSECONDS.toMillis(transactionNanos));
        }
    }

    void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    boolean lastCommitFailed() {
        return lastCommitFailed;
    }

    /** @param firstReadingId the id of the batch's first reading, -1 when it has none */
    private void notifyListeners(List<StoreWrite> batch, long firstReadingId) {
        if (listeners.isEmpty()) {
            return;
        }
        List<Reading> committed = new ArrayList<>();
        for (StoreWrite w : batch) {
            if (w instanceof StoreWrite.Readings r) {
                committed.addAll(r.readings());
            }
        }
        for (CommitListener listener : listeners) {
            try {
                listener.committed(committed, firstReadingId);
            } catch (RuntimeException e) {
                LOG.warn("A commit listener failed; the data is committed regardless", e);
            }
        }
    }

    /** Ends a failed transaction; SQLite may already have rolled it back (e.g. on SQLITE_FULL), hence quietly. */
    static void rollbackQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.trace("rollback after a failed store transaction: {}", e.toString());
        }
    }
}
