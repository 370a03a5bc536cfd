package io.ganglion.runtime.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * A few read-only connections. In WAL mode readers see the last commit and neither block the writer nor wait for it,
 * so REST queries run beside ingestion. A fixed handful, since gateway hardware has few cores and each connection
 * keeps its own page cache.
 */
final class ReadPool implements AutoCloseable {
    /** Every SQL reached through the pool runs with this signature. */
    @FunctionalInterface
    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final BlockingQueue<Connection> idle;
    private final int size;
    private volatile boolean closed;

    ReadPool(Path file, int size) {
        this.file = file;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(DatabaseFile.BUSY_TIMEOUT_MILLIS);
        try {
            for (int i = 0; i < size; i++) {
                idle.add(cfg.createConnection("jdbc:sqlite:" + file));
            }
        } catch (SQLException e) {
            idle.forEach(DatabaseFile::closeQuietly);
            throw new StoreException("Cannot open a read connection to store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Blocks (worker threads only) until a connection is free, runs the query, gives the connection back. */
    <T> T run(Query<T> query) {
        if (closed) {
            throw new IllegalStateException("store " + file + " is closed");
        }
        Connection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection to store " + file, e);
        }
        try {
            return query.run(c);
        } catch (SQLException e) {
            throw new StoreException("Query on store " + file + " failed: " + e.getMessage(), e);
        } finally {
            if (closed) {
                DatabaseFile.closeQuietly(c);
            } else {
                idle.add(c);
            }
        }
    }

    /** Closes idle connections now and waits a little for those in use; a query in flight finishes first. */
    @Override
    public void close() {
        closed = true;
        List<Connection> taken = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (taken.size() < size) {
                Connection c = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c == null) {
                    break; // still in use: run() closes it when the query ends
                }
                taken.add(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        taken.forEach(DatabaseFile::closeQuietly);
    }
}
