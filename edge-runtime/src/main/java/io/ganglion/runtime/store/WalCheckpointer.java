package io.ganglion.runtime.store;

import io.ganglion.runtime.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Copies the WAL back into the database file on its own connection and thread, so that no commit pays for it.
 *
 * <p>Why: by default SQLite checkpoints inside the commit that takes the WAL past 1000 pages. That commit fsyncs the
 * WAL, copies every page written since the last checkpoint and fsyncs the database file before it returns: the writer
 * thread stalls for milliseconds (far more on an SD card) with nobody's write acknowledged. The writer connection
 * therefore runs with {@code wal_autocheckpoint=0}, and this thread runs a {@code PASSIVE} checkpoint every interval
 * ({@link #DEFAULT_INTERVAL}), sooner when the WAL file passes {@link DatabaseFile#JOURNAL_SIZE_LIMIT}. PASSIVE takes
 * no lock that the writer or the readers wait for.
 *
 * <p>SQLite starts the WAL over only when a write begins and finds every frame copied. Under steady load a commit
 * always lands during the copy, so the WAL would be appended to forever. So once it holds {@link #RESTART_FRAMES},
 * the few frames committed meanwhile are copied once more while the writer waits between two transactions
 * ({@link #transactionLock()}), and the next commit writes the WAL from its start. (SQLite's RESTART mode would wait
 * for the write lock with its sleeping busy handler, which a writer committing back to back never lets it have.)
 * That short wait, once per interval, is all the writer spends on checkpoints.
 *
 * <p>Durability is unchanged: a commit is durable once its WAL frames are synced, whoever copies them later.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    static final String THREAD_NAME = "ganglion-store-checkpointer";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** How often the WAL file's size is looked at between checkpoints: a stat call, nothing more. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A WAL holding this many frames is made to start over after the checkpoint: SQLite's autocheckpoint size. */
    static final int RESTART_FRAMES = 1000;

    private final Path file;
    private final Path wal;
    private final Connection c;
    private final long intervalNanos;
    private final StoreMetrics metrics;
    private final Thread thread;
    private final Lock transactions = new ReentrantLock(true);
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Level.WARN, Duration.ofSeconds(60));
    private volatile boolean closed;

    WalCheckpointer(Path file, StoreConfig config, Duration interval, StoreMetrics metrics) {
        this.file = file;
        this.wal = file.resolveSibling(file.getFileName() + "-wal");
        this.intervalNanos = interval.toNanos();
        this.metrics = metrics;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                // With synchronous NORMAL or FULL a checkpoint syncs the WAL before copying and the file after.
                s.execute("PRAGMA synchronous = " + config.synchronous().name());
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot open the checkpoint connection to store " + file + ": "
                    + e.getMessage(), e);
        }
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /**
     * Held by the writer around each transaction. Fair, so that a checkpoint waiting for it gets it as soon as the
     * current transaction ends, however eagerly the writer wants it back.
     */
    Lock transactionLock() {
        return transactions;
    }

    void start() {
        thread.start();
    }

    private void run() {
        long last = System.nanoTime();
        while (!closed && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(Math.min(POLL_NANOS, intervalNanos));
            if (closed) {
                break;
            }
            long now = System.nanoTime();
            if (now - last >= intervalNanos || walBytes() > DatabaseFile.JOURNAL_SIZE_LIMIT) {
                checkpoint();
                last = System.nanoTime();
            }
        }
    }

    private long walBytes() {
        try {
            return Files.size(wal);
        } catch (IOException e) {
            return 0; // no WAL yet, or just removed: nothing to copy
        }
    }

    private void checkpoint() {
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            int framesInWal = copyWal(s);
            if (framesInWal >= RESTART_FRAMES) {
                // A second free pass copies what was committed during the first, so that what is left for the pass
                // under the lock (a commit or two, and its two fsyncs) keeps the writer's wait short.
                copyWal(s);
                // That last pass runs with the writer held between two transactions, so that its next commit starts
                // the WAL over (see the class comment). Bounded wait: a writer stuck in a transaction (a foreign
                // lock on the file) must not stall this thread for good.
                if (transactions.tryLock(1, TimeUnit.SECONDS)) {
                    try {
                        copyWal(s);
                    } finally {
                        transactions.unlock();
                    }
                }
            }
            metrics.checkpointTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            // The WAL keeps everything meanwhile; the next round tries again.
            failureLog.log("Store {}: background WAL checkpoint failed: {}", file, e.toString());
        }
    }

    /** Runs one PASSIVE checkpoint; returns the frames the WAL held. */
    private static int copyWal(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return rs.getInt(2);
        }
    }

    /** Stops the thread (letting a checkpoint in progress finish) and closes its connection. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Closing the connection under a running checkpoint could crash the JVM; leave it to process exit.
            LOG.warn("Store {}: the WAL checkpoint thread did not stop within 30 s", file);
            return;
        }
        DatabaseFile.closeQuietly(c);
    }
}
