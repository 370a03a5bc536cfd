package io.ganglion.runtime.store;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * "Readings of device D [of metric M] in [from, to), newest first, at most N" on the normalised schema.
 *
 * <p>Readings are indexed by (series, ts), and a device has one series per (metric, unit). A single SQL query over
 * all of them would have SQLite sort every matching row before the LIMIT; instead each series gets its own reverse
 * range scan of {@code readings_by_series_time}, and the scans are merged here, newest first, pulling rows only until
 * N are taken. The cost stays proportional to N (plus one row per series), however long the history.
 *
 * <p>Order: ts descending; equal ts by metric descending, then newest arrival first — the order the former single
 * index (device_id, ts, metric) gave, kept so that results did not change.
 */
final class ReadingsQuery {
    /** Ordered by the unique index, so a series' position is its metric's rank in SQLite's (binary) order. */
    static final String SERIES_OF_DEVICE =
            "SELECT id, metric, unit FROM series WHERE device_id = ? ORDER BY metric, unit";
    static final String SERIES_OF_METRIC =
            "SELECT id, metric, unit FROM series WHERE device_id = ? AND metric = ? ORDER BY metric, unit";
    static final String READINGS_OF_SERIES = "SELECT id, ts, value, quality FROM readings "
            + "WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?";

    private static final Comparator<Scan> NEWEST_FIRST = Comparator.comparingLong((Scan s) -> s.ts).reversed()
            .thenComparing(Comparator.comparingInt((Scan s) -> s.metricRank).reversed())
            .thenComparing(Comparator.comparingLong((Scan s) -> s.id).reversed());

    private ReadingsQuery() {
    }

    static List<Reading> run(Connection c, String deviceId, String metricOrNull, long from, long to, int limit)
            throws SQLException {
        try (Statement tx = c.createStatement()) {
            // One read transaction: the series list and every scan see the same commit.
            tx.execute("BEGIN");
            List<Reading> out;
            try {
                out = merge(c, deviceId, metricOrNull, from, to, limit);
            } catch (SQLException | RuntimeException e) {
                endQuietly(tx, e);
                throw e;
            }
            // A pooled connection must not keep its snapshot: that would hold WAL checkpoints back.
            tx.execute("COMMIT");
            return out;
        }
    }

    private static List<Reading> merge(Connection c, String deviceId, String metricOrNull, long from, long to,
                                       int limit) throws SQLException {
        List<Scan> scans = new ArrayList<>();
        try {
            openScans(c, deviceId, metricOrNull, from, to, limit, scans);
            PriorityQueue<Scan> heads = new PriorityQueue<>(Math.max(1, scans.size()), NEWEST_FIRST);
            for (Scan s : scans) {
                if (s.next()) {
                    heads.add(s);
                }
            }
            List<Reading> out = new ArrayList<>(Math.min(limit, 256));
            while (out.size() < limit && !heads.isEmpty()) {
                Scan newest = heads.poll();
                out.add(newest.reading(deviceId));
                if (newest.next()) {
                    heads.add(newest);
                }
            }
            return out;
        } finally {
            for (Scan s : scans) {
                s.close();
            }
        }
    }

    private static void openScans(Connection c, String deviceId, String metricOrNull, long from, long to, int limit,
                                  List<Scan> scans) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(metricOrNull == null ? SERIES_OF_DEVICE : SERIES_OF_METRIC)) {
            ps.setString(1, deviceId);
            if (metricOrNull != null) {
                ps.setString(2, metricOrNull);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int rank = -1;
                String previousMetric = null;
                while (rs.next()) {
                    String metric = rs.getString(2);
                    if (!metric.equals(previousMetric)) {
                        rank++;
                        previousMetric = metric;
                    }
                    scans.add(new Scan(c, rs.getLong(1), metric, rs.getString(3), rank, from, to, limit));
                }
            }
        }
    }

    private static void endQuietly(Statement tx, Exception cause) {
        try {
            tx.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** One series' reverse range scan, positioned on its current (newest not yet taken) row. */
    private static final class Scan implements AutoCloseable {
        final String metric;
        final String unit;
        final int metricRank;
        private final PreparedStatement ps;
        private final ResultSet rs;
        long id;
        long ts;
        double value;
        int quality;

        Scan(Connection c, long seriesId, String metric, String unit, int metricRank, long from, long to, int limit)
                throws SQLException {
            this.metric = metric;
            this.unit = unit;
            this.metricRank = metricRank;
            this.ps = c.prepareStatement(READINGS_OF_SERIES);
            try {
                ps.setLong(1, seriesId);
                ps.setLong(2, from);
                ps.setLong(3, to);
                ps.setInt(4, limit);
                this.rs = ps.executeQuery();
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
        }

        boolean next() throws SQLException {
            if (!rs.next()) {
                return false;
            }
            id = rs.getLong(1);
            ts = rs.getLong(2);
            value = rs.getDouble(3);
            quality = rs.getInt(4);
            return true;
        }

        Reading reading(String deviceId) {
            return new Reading(deviceId, metric, ts, value, unit, Quality.ofCode(quality));
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }
}
