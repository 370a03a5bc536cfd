package io.ganglion.runtime.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Keeps the store's live bytes under the quota. Runs on the writer thread, on the writer's connection.
 *
 * <p>Used bytes are {@code (page_count - freelist_count) * page_size}: pages freed by deletes are reused by later
 * inserts, so the file stops growing once eviction starts. Both counts come from the database header, so measuring
 * after every commit costs two header reads, not a scan.
 *
 * <p>Eviction order: raw readings only, oldest arrival first (lowest {@code readings.id}, which is arrival order),
 * in chunks of one transaction each, until used bytes are below {@value #LOW_WATER_PERCENT}% of the quota. Arrival
 * order rather than device timestamp, so that a device with a wrong clock cannot make its readings outlive everybody
 * else's. A series row goes with its last reading. Devices and rejected messages are never evicted (the latter are
 * bounded by {@code rejectedKeep}).
 */
final class QuotaGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaGuard.class);
    static final int LOW_WATER_PERCENT = 95;
    private static final long MIN_CHUNK = 256;
    private static final long MAX_CHUNK = 50_000;

    private final Connection c;
    private final Path file;
    private final long quotaBytes;
    private final long lowWaterBytes;
    private final SeriesCache series;
    private final StoreMetrics metrics;
    private final PreparedStatement measure;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong evictedTotal = new AtomicLong();
    private final RateLimitedLog evictionLog = new RateLimitedLog(LOG, Level.WARN, Duration.ofSeconds(30));
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Level.ERROR, Duration.ofSeconds(30));

    QuotaGuard(Connection writerConnection, Path file, long quotaBytes, SeriesCache series, StoreMetrics metrics)
            throws SQLException {
        this.c = writerConnection;
        this.file = file;
        this.quotaBytes = quotaBytes;
        this.lowWaterBytes = quotaBytes / 100 * LOW_WATER_PERCENT;
        this.series = series;
        this.metrics = metrics;
        // Runs after every commit: prepared once.
        this.measure = c.prepareStatement("SELECT (p.page_count - f.freelist_count) * z.page_size "
                + "FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() z");
    }

    long usedBytes() {
        return usedBytes.get();
    }

    long evictedTotal() {
        return evictedTotal.get();
    }

    /** Measures, and evicts when above the quota. Never throws: a failed eviction is retried after the next commit. */
    void check() {
        try {
            long used = measure();
            if (used <= quotaBytes) {
                return;
            }
            long evictedNow = 0;
            while (used > lowWaterBytes) {
                long deleted = evictOldest(chunkFor(used));
                if (deleted == 0) {
                    evictionLog.log("Store {} is over its quota ({} of {} bytes) with no readings left to evict",
                            file, used, quotaBytes);
                    break;
                }
                evictedNow += deleted;
                used = measure();
            }
            if (evictedNow > 0) {
                evictionLog.log("Store {} reached its quota of {} bytes: evicted the {} oldest readings "
                        + "(now {} bytes used, {} evicted since start)", file, quotaBytes, evictedNow, used,
                        evictedTotal.get());
            }
        } catch (SQLException | RuntimeException e) {
            // Must not kill the writer thread: the next commit checks again.
            failureLog.log("Store {}: checking or enforcing the quota failed: {}", file, e.toString());
        }
    }

    long measure() throws SQLException {
        try (ResultSet rs = measure.executeQuery()) {
            rs.next();
            long used = rs.getLong(1);
            usedBytes.set(used);
            return used;
        }
    }

    /** Rows to delete to get down to the low-water mark, estimated from the average row size. */
    private long chunkFor(long used) throws SQLException {
        long rows;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT (SELECT max(id) FROM readings) - (SELECT min(id) FROM readings) + 1")) {
            rs.next();
            rows = rs.getLong(1); // ids are contiguous apart from the evicted head: an O(log n) row count
        }
        if (rows <= 0) {
            return MIN_CHUNK;
        }
        double bytesPerRow = (double) used / rows;
        long wanted = (long) Math.ceil((used - lowWaterBytes) / bytesPerRow);
        return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, wanted));
    }

    /** Deletes the {@code rows} oldest readings, and every series left without readings, in one transaction. */
    private long evictOldest(long rows) throws SQLException {
        List<SeriesCache.Key> orphans = new ArrayList<>();
        int deleted;
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                long end;
                // The newest reading always stays, so that ids never start again from 1: the cloud sync keeps its
                // place in the store by reading id (docs/sync.md, "Crash recovery").
                try (ResultSet rs = s.executeQuery("SELECT min(id), max(id) FROM readings")) {
                    end = rs.next() ? Math.min(rs.getLong(1) + rows, rs.getLong(2)) : 0;
                }
                List<Long> touched = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT DISTINCT series_id FROM readings WHERE id < ?")) {
                    q.setLong(1, end);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            touched.add(rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM readings WHERE id < ?")) {
                    del.setLong(1, end);
                    deleted = del.executeUpdate();
                }
                deleteOrphans(touched, orphans);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                StoreWriter.rollbackQuietly(c);
                throw e;
            }
        }
        orphans.forEach(series::forget); // only now, once the deletion is committed
        evictedTotal.addAndGet(deleted);
        metrics.evicted.increment(deleted);
        return deleted;
    }

    /**
     * Deletes those of the series that no reading refers to any more, so that the series table (and the writer's
     * cache) stays bounded by the quota even when a device keeps inventing metric names.
     */
    private void deleteOrphans(List<Long> seriesIds, List<SeriesCache.Key> deleted) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM series WHERE id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM readings WHERE series_id = ?) RETURNING device_id, metric, unit")) {
            for (long id : seriesIds) {
                del.setLong(1, id);
                del.setLong(2, id);
                try (ResultSet rs = del.executeQuery()) {
                    if (rs.next()) {
                        deleted.add(new SeriesCache.Key(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            measure.close();
        } catch (SQLException e) {
            // Closing the connection finalizes whatever is left.
        }
    }
}
