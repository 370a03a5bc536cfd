package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private static final String INSERT_READING = "INSERT INTO readings "
            + "(device_id, metric, ts, value, unit, quality, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_DEVICE = "INSERT INTO devices (id, transport, profile, first_seen, last_seen) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "first_seen = min(first_seen, excluded.first_seen), "
            // A late-arriving older message must not move last_seen (nor transport/profile) backwards.
            + "transport = CASE WHEN excluded.last_seen >= last_seen THEN excluded.transport ELSE transport END, "
            + "profile = CASE WHEN excluded.last_seen >= last_seen THEN excluded.profile ELSE profile END, "
            + "last_seen = max(last_seen, excluded.last_seen)";
    private static final String INSERT_REJECTED = "INSERT INTO rejected (received_at, transport, device_id, "
            + "address, reason, detail, payload, payload_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    // Ids only grow and only the oldest are deleted, so they are contiguous: this keeps exactly rejectedKeep rows.
    private static final String TRIM_REJECTED = "DELETE FROM rejected WHERE id <= (SELECT max(id) FROM rejected) - ?";

    private final Connection c;
    private final Path file;
    private final WriteQueue queue;
    private final StoreConfig config;
    private final QuotaGuard quota;
    private final StoreMetrics metrics;
    private final Thread thread;
    private final List<CommitListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean lastCommitFailed;
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Level.ERROR, Duration.ofSeconds(10));

    StoreWriter(Connection writerConnection, Path file, WriteQueue queue, StoreConfig config, QuotaGuard quota,
                StoreMetrics metrics) {
        this.c = writerConnection;
        this.file = file;
        this.queue = queue;
        this.config = config;
        this.quota = quota;
        this.metrics = metrics;
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
        quota.check(); // a lowered quota takes effect at start, not only after the first write
        List<StoreWrite> batch = new ArrayList<>();
        for (StoreWrite first = queue.take(); first != null; first = queue.take()) {
            batch.add(first);
            int weight = first.batchWeight();
            long deadline = System.nanoTime() + config.batchMaxDelay().toNanos();
            while (weight < config.batchMaxReadings()) {
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
        LOG.debug("Store writer for {} drained its queue and stopped", file);
    }

    private void commit(List<StoreWrite> batch) {
        long start = System.nanoTime();
        int readings;
        try {
            readings = writeInTransaction(batch);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
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
        notifyListeners(batch);
        quota.check();
    }

    void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    boolean lastCommitFailed() {
        return lastCommitFailed;
    }

    private void notifyListeners(List<StoreWrite> batch) {
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
                listener.committed(committed);
            } catch (RuntimeException e) {
                LOG.warn("A commit listener failed; the data is committed regardless", e);
            }
        }
    }

    private int writeInTransaction(List<StoreWrite> batch) throws SQLException {
        int readingCount = 0;
        boolean anyRejected = false;
        Map<String, StoreWrite.Readings> latestPerDevice = new LinkedHashMap<>();
        Map<String, Long> firstSeenPerDevice = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try (PreparedStatement insReading = c.prepareStatement(INSERT_READING);
                 PreparedStatement insRejected = c.prepareStatement(INSERT_REJECTED)) {
                for (StoreWrite w : batch) {
                    if (w instanceof StoreWrite.Readings r) {
                        latestPerDevice.merge(r.deviceId(), r, (a, b) -> b.receivedAt() >= a.receivedAt() ? b : a);
                        firstSeenPerDevice.merge(r.deviceId(), r.receivedAt(), Math::min);
                        for (Reading reading : r.readings()) {
                            insReading.setString(1, r.deviceId());
                            insReading.setString(2, reading.metric());
                            insReading.setLong(3, reading.timestamp());
                            insReading.setDouble(4, reading.value());
                            insReading.setString(5, reading.unit());
                            insReading.setInt(6, reading.quality().code());
                            insReading.setLong(7, r.receivedAt());
                            insReading.addBatch();
                            readingCount++;
                        }
                    } else if (w instanceof StoreWrite.Rejected r) {
                        anyRejected = true;
                        insRejected.setLong(1, r.receivedAt());
                        insRejected.setString(2, r.transport());
                        insRejected.setString(3, r.deviceId());
                        insRejected.setString(4, r.address());
                        insRejected.setString(5, r.reason().label());
                        insRejected.setString(6, r.detail());
                        insRejected.setBytes(7, r.payload());
                        insRejected.setInt(8, r.payloadLength());
                        insRejected.addBatch();
                    }
                }
                if (readingCount > 0) {
                    insReading.executeBatch();
                }
                if (anyRejected) {
                    insRejected.executeBatch();
                    try (PreparedStatement trim = c.prepareStatement(TRIM_REJECTED)) {
                        trim.setInt(1, config.rejectedKeep());
                        trim.executeUpdate();
                    }
                }
                if (!latestPerDevice.isEmpty()) {
                    upsertDevices(latestPerDevice, firstSeenPerDevice);
                }
            }
            s.execute("COMMIT");
        }
        return readingCount;
    }

    private void upsertDevices(Map<String, StoreWrite.Readings> latest, Map<String, Long> firstSeen)
            throws SQLException {
        try (PreparedStatement up = c.prepareStatement(UPSERT_DEVICE)) {
            for (StoreWrite.Readings r : latest.values()) {
                up.setString(1, r.deviceId());
                up.setString(2, r.transport());
                up.setString(3, r.profileId());
                up.setLong(4, firstSeen.get(r.deviceId()));
                up.setLong(5, r.receivedAt());
                up.addBatch();
            }
            up.executeBatch();
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
