package io.ganglion.runtime.store;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The read side's SQL and row mapping. Every method runs on a connection borrowed from the {@link ReadPool}. */
final class StoreQueries {
    private static final String DEVICE_COLUMNS = "SELECT id, transport, profile, first_seen, last_seen, firmware, "
            + "state, state_changed_at FROM devices";
    static final String DEVICES = DEVICE_COLUMNS + " ORDER BY id";
    static final String DEVICE = DEVICE_COLUMNS + " WHERE id = ?";
    static final String REJECTED = "SELECT id, received_at, transport, device_id, address, reason, detail, payload, "
            + "payload_length FROM rejected ORDER BY id DESC LIMIT ?";
    private static final String COMMAND_COLUMNS = "SELECT id, device_id, name, parameters, payload, address, qos, "
            + "created_at, expires_at, status, status_at, detail FROM commands";
    static final String COMMAND = COMMAND_COLUMNS + " WHERE id = ?";
    static final String DEVICE_COMMANDS = COMMAND_COLUMNS + " WHERE device_id = ? ORDER BY created_at DESC LIMIT ?";
    static final String COMMANDS_WITH_STATUS = COMMAND_COLUMNS + " WHERE status = ? ORDER BY created_at";
    static final String READING_COUNT = "SELECT count(*) FROM readings";
    static final String LAST_READING_ID = "SELECT coalesce(max(id), 0) FROM readings";
    /**
     * Readings of a device in [from, to) per metric, with how many are BAD: one range scan of
     * readings_by_series_time per series of the device. CROSS JOIN keeps series as the outer loop whatever the
     * statistics say, and its index hands the series out in metric order, so the grouping needs no sort.
     */
    static final String READING_COUNTS = "SELECT s.metric, count(*), sum(r.quality = " + Quality.BAD.code() + "), total(r.value)"
            + " FROM series s CROSS JOIN readings r ON r.series_id = s.id"
            + " WHERE s.device_id = ? AND r.ts >= ? AND r.ts < ? GROUP BY s.metric";
    static final String READINGS_AFTER = "SELECT r.id, s.device_id, s.metric, s.unit, r.ts, r.value, r.quality"
            + " FROM readings r JOIN series s ON s.id = r.series_id WHERE r.id > ? AND r.id <= ? ORDER BY r.id LIMIT ?";

    private StoreQueries() {
    }

    static List<DeviceRecord> devices(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEVICES); ResultSet rs = ps.executeQuery()) {
            List<DeviceRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(device(rs));
            }
            return out;
        }
    }

    static Optional<DeviceRecord> device(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEVICE)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(device(rs)) : Optional.empty();
            }
        }
    }

    static List<Reading> readings(Connection c, String deviceId, String metricOrNull, long from, long to, int limit)
            throws SQLException {
        return ReadingsQuery.run(c, deviceId, metricOrNull, from, to, limit);
    }

    static List<MetricCounts> readingCounts(Connection c, String deviceId, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READING_COUNTS)) {
            ps.setString(1, deviceId);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                List<MetricCounts> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new MetricCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
                }
                return out;
            }
        }
    }

    static List<RejectedRecord> rejected(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REJECTED)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<RejectedRecord> out = new ArrayList<>();
                while (rs.next()) {
                    byte[] payload = rs.getBytes(8);
                    out.add(new RejectedRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), reason(rs.getString(6)), rs.getString(7),
                            payload == null ? new byte[0] : payload, rs.getInt(9)));
                }
                return out;
            }
        }
    }

    static Optional<CommandRecord> command(Connection c, String id) throws SQLException {
        List<CommandRecord> found = commands(c, COMMAND, id, null);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** {@code sql} takes a string and, when {@code limit} is not null, a limit. */
    static List<CommandRecord> commands(Connection c, String sql, String key, Integer limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            if (limit != null) {
                ps.setInt(2, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<CommandRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new CommandRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5), rs.getString(6), rs.getInt(7), rs.getLong(8), rs.getLong(9),
                            CommandRecord.Status.of(rs.getString(10)), rs.getLong(11), rs.getString(12)));
                }
                return out;
            }
        }
    }

    static long readingCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READING_COUNT); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long lastReadingId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST_READING_ID); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<StoredReading> readingsAfter(Connection c, long afterId, long throughId, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READINGS_AFTER)) {
            ps.setLong(1, afterId);
            ps.setLong(2, throughId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredReading> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StoredReading(rs.getLong(1), new Reading(rs.getString(2), rs.getString(3),
                            rs.getLong(5), rs.getDouble(6), rs.getString(4),
                            Quality.ofCode(rs.getInt(7)))));
                }
                return out;
            }
        }
    }

    private static DeviceRecord device(ResultSet rs) throws SQLException {
        return new DeviceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getLong(8));
    }

    private static RejectReason reason(String label) {
        for (RejectReason r : RejectReason.values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalStateException("unknown reject reason '" + label + "' in the rejected table");
    }
}
