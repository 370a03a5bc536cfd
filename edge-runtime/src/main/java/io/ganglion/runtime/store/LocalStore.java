package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's durable local store: devices, readings and refused messages in one SQLite file.
 *
 * <p><b>Writing.</b> {@link #offer} hands a {@link StoreWrite} to a single writer thread through a bounded queue and
 * never blocks, so it is safe on a Vert.x event loop; when it returns false the caller applies back-pressure (or,
 * off the event loop, waits with {@link #awaitCapacity}). The writer group-commits queued writes and completes each
 * write's {@link StoreWrite#done()} only after its transaction committed; if the transaction fails the future fails
 * and later writes are still attempted.
 *
 * <p><b>Quota.</b> Live bytes ({@code (page_count - freelist_count) * page_size}) are measured after every commit.
 * Above {@link StoreConfig#quotaBytes()} the <em>oldest raw readings, in arrival order</em>, are deleted in chunks
 * until usage is under 95% of the quota; nothing else is evicted. Every evicted reading is counted in
 * {@code ganglion_store_evicted_total}.
 *
 * <p><b>Damage.</b> At open the file is checked with {@code PRAGMA quick_check}. A damaged file (and its -wal/-shm) is
 * moved to {@code <name>.corrupt-<UTC timestamp>}, never deleted, logged at ERROR, counted in
 * {@code ganglion_store_quarantined_total}, reported by {@link #quarantinedFile()}, and a new store is started.
 *
 * <p><b>Reading.</b> The query methods block: call them from worker threads. They use their own read-only
 * connections, so they run beside the writer and see the latest commit.
 */
public final class LocalStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStore.class);
    /** Read connections: enough for the REST API and the sync uplink on a 2-4 core gateway. */
    static final int READ_CONNECTIONS = 2;
    /** How long {@link #close()} waits for the writer to commit what was queued. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final Path file;
    private final StoreConfig config;
    private final Connection writerConnection;
    private final WriteQueue queue;
    private final QuotaGuard quota;
    private final StoreWriter writer;
    private final ReadPool readers;
    private final WalCheckpointer checkpointer;
    private final StoreMetrics metrics;
    private final Optional<Path> quarantined;
    private final Object closeLock = new Object();
    private boolean closed;

    private LocalStore(Path file, StoreConfig config, Connection writerConnection, ReadPool readers,
                       WalCheckpointer checkpointer, StoreMetrics metrics, Optional<Path> quarantined)
            throws SQLException {
        this.file = file;
        this.config = config;
        this.writerConnection = writerConnection;
        this.readers = readers;
        this.checkpointer = checkpointer;
        this.metrics = metrics;
        this.quarantined = quarantined;
        this.queue = new WriteQueue(config.queueCapacity());
        SeriesCache series = new SeriesCache(writerConnection, SeriesCache.MAX_CACHED);
        this.quota = new QuotaGuard(writerConnection, file, config.quotaBytes(), series, metrics);
        quota.measure();
        this.writer = new StoreWriter(writerConnection, file, queue, config, series, quota,
                checkpointer.transactionLock(), metrics);
        metrics.bindGauges(queue::size, queue.capacity(), quota::usedBytes, config.quotaBytes());
    }

    /**
     * Opens (creating when missing) the store at {@link StoreConfig#path()} and starts its writer thread.
     *
     * @param clock the wall clock, used to name a quarantined file
     * @throws StoreException when the file cannot be opened, was written by a newer Ganglion, or cannot be migrated
     */
    public static LocalStore open(StoreConfig config, MeterRegistry registry, Clock clock) {
        return open(config, registry, clock, WalCheckpointer.DEFAULT_INTERVAL);
    }

    /** As {@link #open(StoreConfig, MeterRegistry, Clock)}, with the background WAL checkpoints this far apart. */
    static LocalStore open(StoreConfig config, MeterRegistry registry, Clock clock, Duration checkpointInterval) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        StoreMetrics metrics = new StoreMetrics(registry);
        DatabaseFile.Opened opened = DatabaseFile.open(config, clock, metrics);
        Path file = config.path().toAbsolutePath();
        Connection c = opened.connection();
        ReadPool readers = null;
        WalCheckpointer checkpointer = null;
        try {
            Schema.migrate(c, file);
            readers = new ReadPool(file, READ_CONNECTIONS);
            checkpointer = new WalCheckpointer(file, config, checkpointInterval, metrics);
            LocalStore store = new LocalStore(file, config, c, readers, checkpointer, metrics,
                    opened.quarantined());
            store.writer.start();
            checkpointer.start();
            LOG.info("Store {} open (synchronous={}, quota={} bytes, {} bytes used)", file, config.synchronous(),
                    config.quotaBytes(), store.quota.usedBytes());
            return store;
        } catch (SQLException | RuntimeException e) {
            if (readers != null) {
                readers.close();
            }
            if (checkpointer != null) {
                checkpointer.close();
            }
            DatabaseFile.closeQuietly(c);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("Cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Queues a write without blocking.
     *
     * @return false when the queue is full or the store is closed: the write was not taken and its future is left
     *         untouched, so the caller applies back-pressure and offers it again later
     */
    public boolean offer(StoreWrite write) {
        return queue.offer(Objects.requireNonNull(write, "write"));
    }

    /**
     * Blocks until the queue has room for at least one write. For driver threads, never an event loop. Another
     * producer may take the room first, so {@link #offer} can still return false afterwards.
     *
     * @return true when there is room; false on timeout or when the store is closed
     */
    public boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.awaitCapacity(timeout, unit);
    }

    /** False once {@link #close()} has begun. */
    public boolean isOpen() {
        return !queue.isClosed();
    }

    /** Every device seen, by id. */
    public List<DeviceRecord> devices() {
        return readers.run(StoreQueries::devices);
    }

    public Optional<DeviceRecord> device(String id) {
        Objects.requireNonNull(id, "id");
        return readers.run(c -> StoreQueries.device(c, id));
    }

    /**
     * Readings of one device, newest first (by device timestamp).
     *
     * @param metricOrNull  one metric, or null for all of the device's metrics
     * @param fromInclusive UTC epoch milliseconds
     * @param toExclusive   UTC epoch milliseconds
     * @param limit         at least 1; the REST layer caps it
     */
    public List<Reading> readings(String deviceId, String metricOrNull, long fromInclusive, long toExclusive,
                                  int limit) {
        Objects.requireNonNull(deviceId, "deviceId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.run(c -> StoreQueries.readings(c, deviceId, metricOrNull, fromInclusive, toExclusive, limit));
    }

    /**
     * How many readings of one device have a device timestamp in [from, to), per metric (all its units together), and
     * how many of them are BAD. One grouped query over the device's series; a metric without readings in the window
     * is not in the list. Its cost grows with the readings counted: for the REST API's per-device counts, not a loop.
     */
    public List<MetricCounts> readingCounts(String deviceId, long fromInclusive, long toExclusive) {
        Objects.requireNonNull(deviceId, "deviceId");
        return readers.run(c -> StoreQueries.readingCounts(c, deviceId, fromInclusive, toExclusive));
    }

    /** The newest refused messages, newest first; payloads longer than 4 KiB come back cut and flagged. */
    public List<RejectedRecord> rejected(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.run(c -> StoreQueries.rejected(c, limit));
    }

    /** One command by id. */
    public Optional<CommandRecord> command(String id) {
        Objects.requireNonNull(id, "id");
        return readers.run(c -> StoreQueries.command(c, id));
    }

    /** A device's commands, newest first. */
    public List<CommandRecord> commandsOf(String deviceId, int limit) {
        Objects.requireNonNull(deviceId, "deviceId");
        return readers.run(c -> StoreQueries.commands(c, StoreQueries.DEVICE_COMMANDS, deviceId, limit));
    }

    /** Every command in one status, oldest first: the pending ones to resume after a restart. */
    public List<CommandRecord> commandsWithStatus(CommandRecord.Status status) {
        return readers.run(c -> StoreQueries.commands(c, StoreQueries.COMMANDS_WITH_STATUS, status.label(), null));
    }

    /**
     * Detections, newest frame first.
     *
     * @param cameraOrNull one camera, or null for every camera
     * @param fromInclusive frame time, UTC epoch milliseconds
     * @param toExclusive   frame time, UTC epoch milliseconds
     */
    public List<DetectionRecord> detections(String cameraOrNull, long fromInclusive, long toExclusive, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.run(c -> VisionQueries.detections(c, cameraOrNull, fromInclusive, toExclusive, limit));
    }

    /** A camera's closed detection windows whose start is in [from, to), newest first, with their counts. */
    public List<WindowRecord> detectionWindows(String camera, long fromInclusive, long toExclusive, int limit) {
        Objects.requireNonNull(camera, "camera");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.run(c -> VisionQueries.windows(c, camera, fromInclusive, toExclusive, limit));
    }

    /** All stored detections; for diagnostics and tests. */
    public long detectionCount() {
        return readers.run(VisionQueries::detectionCount);
    }

    /** All stored readings. Counts by scanning an index: for diagnostics and tests, not per request. */
    public long readingCount() {
        return readers.run(StoreQueries::readingCount);
    }

    /** The id of the newest committed reading, 0 when there is none. Ids only grow (see {@link StoredReading}). */
    public long lastReadingId() {
        return readers.run(StoreQueries::lastReadingId);
    }

    /**
     * Committed readings with an id in ({@code afterId}, {@code throughId}], in id (commit) order, at most
     * {@code limit}: how a reader that fell behind the commit listener, or restarted, catches up.
     */
    public List<StoredReading> readingsAfter(long afterId, long throughId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.run(c -> StoreQueries.readingsAfter(c, afterId, throughId, limit));
    }

    /** Where a damaged database found at open was moved, if one was. */
    public Optional<Path> quarantinedFile() {
        return quarantined;
    }

    public StoreStats stats() {
        return new StoreStats(quota.usedBytes(), config.quotaBytes(), queue.size(), queue.capacity(),
                quota.evictedTotal(), quarantined, writer.lastCommitFailed());
    }

    /** Adds a listener told about every commit from now on; see {@link CommitListener} for its thread rules. */
    public void addCommitListener(CommitListener listener) {
        writer.addListener(listener);
    }

    /**
     * Stops accepting writes, lets the writer commit everything already queued (completing those futures),
     * checkpoints the WAL into the main file and closes all connections. Idempotent; blocks until done.
     *
     * @throws IllegalStateException when called from a write's completion callback, which runs on the writer thread
     *                               that close() waits for
     */
    @Override
    public void close() {
        if (writer.isWriterThread()) {
            throw new IllegalStateException("LocalStore.close() called on the store writer thread (from a write's "
                    + "completion callback); close it from another thread");
        }
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        queue.close();
        boolean drained;
        try {
            drained = writer.awaitDrained(DRAIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        readers.close();
        checkpointer.close(); // before the final checkpoint, which must not find another one running
        metrics.unbindGauges();
        if (!drained) {
            // The writer still uses its connection; closing it under the writer's feet could crash the JVM.
            LOG.error("Store {}: the writer did not finish within {}; {} writes were left uncommitted", file,
                    DRAIN_TIMEOUT, queue.size());
            return;
        }
        try (Statement s = writerConnection.createStatement()) {
            // TRUNCATE leaves an empty WAL: the main file alone is a complete database (easy to copy or back up).
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("Store {}: the final WAL checkpoint failed ({}); SQLite replays the WAL at next open", file,
                    e.toString());
        }
        DatabaseFile.closeQuietly(writerConnection);
        LOG.info("Store {} closed", file);
    }
}
