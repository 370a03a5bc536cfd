package io.ganglion.runtime.bench;

import io.ganglion.runtime.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under the gateway's latency: SQLite alone at the same rate, with the same pragmas (WAL, the same
 * {@code synchronous}) and the simplest group commit, one writer taking everything queued into one transaction. No
 * MQTT, no decoding, no checkpointer thread: what remains is the cost of a durable commit on this disk. A producer
 * thread enqueues {@code rate} timestamps per second; latency is commit time minus enqueue time.
 */
final class RawSqliteLatency {
    private final StoreConfig.SyncMode synchronous;
    private final int rate;
    private final int seconds;
    private final int warmupSeconds;

    RawSqliteLatency(StoreConfig.SyncMode synchronous, int rate, int seconds, int warmupSeconds) {
        this.synchronous = synchronous;
        this.rate = rate;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
    }

    /** Runs the baseline with its database in {@code dir}; the latencies come back sorted, in microseconds. */
    Result run(Path dir) throws Exception {
        int warmup = rate * warmupSeconds;
        int measured = rate * seconds;
        int total = warmup + measured;
        long[] latencies = new long[measured];
        BlockingQueue<Long> queue = new ArrayBlockingQueue<>(Math.max(1024, rate));
        int[] commits = new int[1];
        long[] slowestCommit = new long[1];
        Thread writer = new Thread(() -> write(dir.resolve("raw.db"), queue, total, warmup, latencies, commits,
                slowestCommit), "raw-sqlite-writer");
        writer.start();
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!queue.offer(System.nanoTime(), 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the raw SQLite writer stopped taking writes");
            }
            next += interval;
        }
        writer.join();
        Arrays.sort(latencies);
        return new Result(latencies, commits[0], slowestCommit[0] / 1_000);
    }

    private void write(Path file, BlockingQueue<Long> queue, int total, int warmup, long[] latencies, int[] commits,
                       long[] slowestCommit) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + synchronous.name());
                s.execute("CREATE TABLE readings (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL)");
            }
            c.setAutoCommit(false);
            List<Long> batch = new ArrayList<>();
            int done = 0;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO readings VALUES (?, ?, ?)")) {
                while (done < total) {
                    batch.add(queue.take());
                    queue.drainTo(batch);
                    long start = System.nanoTime();
                    for (long enqueued : batch) {
                        insert.setInt(1, 1);
                        insert.setLong(2, enqueued);
                        insert.setDouble(3, 1.0);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                    long now = System.nanoTime();
                    slowestCommit[0] = Math.max(slowestCommit[0], now - start);
                    commits[0]++;
                    for (long enqueued : batch) {
                        if (done >= warmup) {
                            latencies[done - warmup] = TimeUnit.NANOSECONDS.toMicros(now - enqueued);
                        }
                        done++;
                    }
                    batch.clear();
                }
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("raw SQLite baseline failed: " + e, e);
        }
    }

    record Result(long[] sortedMicros, int commits, long slowestCommitMicros) {
    }
}
