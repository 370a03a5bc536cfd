package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch of {@link StoreWrite}s in one transaction on the writer's connection. Used only by the writer
 * thread.
 *
 * <p>Every statement is prepared once, when the store opens, and closed with it, rather than parsed and planned
 * again for every batch.
 */
final class BatchWriter implements AutoCloseable {
    private static final String INSERT_READING = "INSERT INTO readings "
            + "(series_id, ts, value, quality, received_at) VALUES (?, ?, ?, ?, ?)";
    private static final String UPSERT_DEVICE = "INSERT INTO devices (id, transport, profile, first_seen, last_seen) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "first_seen = min(first_seen, excluded.first_seen), "
            // A late-arriving older message must not move last_seen (nor transport/profile) backwards.
            + "transport = CASE WHEN excluded.last_seen >= last_seen THEN excluded.transport ELSE transport END, "
            + "profile = CASE WHEN excluded.last_seen >= last_seen THEN excluded.profile ELSE profile END, "
            + "last_seen = max(last_seen, excluded.last_seen)";
    private static final String UPSERT_STATUS = "INSERT INTO devices (id, transport, profile, first_seen, last_seen, "
            + "firmware, state, state_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "first_seen = min(first_seen, excluded.first_seen), "
            + "last_seen = max(last_seen, excluded.last_seen), "
            + "firmware = coalesce(excluded.firmware, firmware), "
            // A late status (older than the stored one) must not bring back a state the device has left.
            + "state = CASE WHEN excluded.state IS NOT NULL AND excluded.state_changed_at >= coalesce(state_changed_at, 0) "
            + "THEN excluded.state ELSE state END, "
            + "state_changed_at = CASE WHEN excluded.state IS NOT NULL "
            + "THEN max(coalesce(state_changed_at, 0), excluded.state_changed_at) ELSE state_changed_at END";
    private static final String INSERT_REJECTED = "INSERT INTO rejected (received_at, transport, device_id, "
            + "address, reason, detail, payload, payload_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    // Ids only grow and only the oldest are deleted, so they are contiguous: this keeps exactly rejectedKeep rows.
    private static final String TRIM_REJECTED = "DELETE FROM rejected WHERE id <= (SELECT max(id) FROM rejected) - ?";

    private static final String UPSERT_COMMAND = "INSERT INTO commands (id, device_id, name, parameters, payload, "
            + "address, qos, created_at, expires_at, status, status_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at, "
            + "detail = excluded.detail";

    private final int rejectedKeep;
    private final SeriesCache series;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement insertReading;
    private final PreparedStatement lastInsertId;
    private final PreparedStatement upsertDevice;
    private final PreparedStatement upsertStatus;
    private final PreparedStatement insertRejected;
    private final PreparedStatement trimRejected;
    private final PreparedStatement upsertCommand;
    private final VisionRows vision;
    /** The id of the last reading the latest {@link #write} inserted, or -1 when it inserted none. */
    private long lastReadingId = -1;
    /** Per device in the batch being written: one upsert each. Kept across batches so its table is not regrown. */
    private final Map<String, DeviceSeen> devicesSeen = new HashMap<>();

    /** A device's latest message in the batch, and the earliest receive time of its messages there. */
    private static final class DeviceSeen {
        StoreWrite.Readings latest;
        long firstSeen;

        DeviceSeen(StoreWrite.Readings first) {
            latest = first;
            firstSeen = first.receivedAt();
        }

        void add(StoreWrite.Readings r) {
            if (r.receivedAt() >= latest.receivedAt()) {
                latest = r;
            }
            firstSeen = Math.min(firstSeen, r.receivedAt());
        }
    }

    BatchWriter(Connection c, StoreConfig config, SeriesCache series) throws SQLException {
        this.rejectedKeep = config.rejectedKeep();
        this.series = series;
        begin = c.prepareStatement("BEGIN IMMEDIATE");
        commit = c.prepareStatement("COMMIT");
        insertReading = c.prepareStatement(INSERT_READING);
        lastInsertId = c.prepareStatement("SELECT last_insert_rowid()");
        upsertDevice = c.prepareStatement(UPSERT_DEVICE);
        upsertStatus = c.prepareStatement(UPSERT_STATUS);
        insertRejected = c.prepareStatement(INSERT_REJECTED);
        trimRejected = c.prepareStatement(TRIM_REJECTED);
        upsertCommand = c.prepareStatement(UPSERT_COMMAND);
        vision = new VisionRows(c, config.detectionsKeep(), config.windowsKeep());
    }

    /**
     * Writes the batch and commits it.
     *
     * @return the readings written
     * @throws SQLException when any statement or the commit failed; the caller rolls back
     */
    int write(List<StoreWrite> batch) throws SQLException {
        int readingCount = 0;
        lastReadingId = -1;
        boolean anyRejected = false;
        devicesSeen.clear();
        begin.execute();
        for (StoreWrite w : batch) {
            if (w instanceof StoreWrite.Readings r) {
                DeviceSeen seen = devicesSeen.get(r.deviceId());
                if (seen == null) {
                    devicesSeen.put(r.deviceId(), new DeviceSeen(r));
                } else {
                    seen.add(r);
                }
                for (Reading reading : r.readings()) {
                    insertReading.setLong(1, series.idFor(r.deviceId(), reading.metric(), reading.unit()));
                    insertReading.setLong(2, reading.timestamp());
                    insertReading.setDouble(3, reading.value());
                    insertReading.setInt(4, reading.quality().code());
                    insertReading.setLong(5, r.receivedAt());
                    insertReading.addBatch();
                    readingCount++;
                }
            } else if (w instanceof StoreWrite.Rejected r) {
                anyRejected = true;
                insertRejected.setLong(1, r.receivedAt());
                insertRejected.setString(2, r.transport());
                insertRejected.setString(3, r.deviceId());
                insertRejected.setString(4, r.address());
                insertRejected.setString(5, r.reason().label());
                insertRejected.setString(6, r.detail());
                insertRejected.setBytes(7, r.payload());
                insertRejected.setInt(8, r.payloadLength());
                insertRejected.addBatch();
            } else if (w instanceof StoreWrite.Status st) {
                upsertStatus(st); // rare: a device announces itself on connect, not per reading
            } else if (w instanceof StoreWrite.Command cmd) {
                upsertCommand(cmd.record()); // rare: a few per device and minute at most
            } else if (w instanceof StoreWrite.Detections d) {
                vision.add(d);
            } else if (w instanceof StoreWrite.Window win) {
                vision.add(win); // rare: one per camera and window
            }
        }
        if (readingCount > 0) {
            insertReading.executeBatch();
            // The only writer, and no id given: SQLite numbers the rows max(id) + 1, + 2, ... so this batch's
            // readings have the ids lastReadingId - readingCount + 1 .. lastReadingId, in the order written.
            try (java.sql.ResultSet rs = lastInsertId.executeQuery()) {
                rs.next();
                lastReadingId = rs.getLong(1);
            }
        }
        vision.finish();
        if (anyRejected) {
            insertRejected.executeBatch();
            trimRejected.setInt(1, rejectedKeep);
            trimRejected.executeUpdate();
        }
        if (!devicesSeen.isEmpty()) {
            for (DeviceSeen seen : devicesSeen.values()) {
                upsertDevice.setString(1, seen.latest.deviceId());
                upsertDevice.setString(2, seen.latest.transport());
                upsertDevice.setString(3, seen.latest.profileId());
                upsertDevice.setLong(4, seen.firstSeen);
                upsertDevice.setLong(5, seen.latest.receivedAt());
                upsertDevice.addBatch();
            }
            upsertDevice.executeBatch();
            devicesSeen.clear(); // holds no message beyond its batch
        }
        commit.execute();
        series.committed();
        return readingCount;
    }

    /** After a successful {@link #write}: the id of the last reading it inserted, -1 when none. */
    long lastReadingId() {
        return lastReadingId;
    }

    private void upsertStatus(StoreWrite.Status st) throws SQLException {
        upsertStatus.setString(1, st.deviceId());
        upsertStatus.setString(2, st.transport());
        upsertStatus.setString(3, st.profileId());
        upsertStatus.setLong(4, st.receivedAt());
        upsertStatus.setLong(5, st.receivedAt());
        upsertStatus.setString(6, st.firmware());
        upsertStatus.setString(7, st.state());
        upsertStatus.setLong(8, st.receivedAt());
        upsertStatus.executeUpdate();
    }

    private void upsertCommand(CommandRecord r) throws SQLException {
        upsertCommand.setString(1, r.id());
        upsertCommand.setString(2, r.deviceId());
        upsertCommand.setString(3, r.name());
        upsertCommand.setString(4, r.parameters());
        upsertCommand.setBytes(5, r.payload());
        upsertCommand.setString(6, r.address());
        upsertCommand.setInt(7, r.qos());
        upsertCommand.setLong(8, r.createdAt());
        upsertCommand.setLong(9, r.expiresAt());
        upsertCommand.setString(10, r.status().label());
        upsertCommand.setLong(11, r.statusAt());
        upsertCommand.setString(12, r.detail());
        upsertCommand.executeUpdate();
    }

    /**
     * Forgets what a failed {@link #write} left queued in its statements and the series it created, so that the next
     * batch starts clean; the caller rolls the transaction back.
     */
    void reset() {
        series.rolledBack();
        vision.reset();
        for (PreparedStatement ps : List.of(insertReading, insertRejected, upsertDevice)) {
            try {
                ps.clearBatch();
            } catch (SQLException e) {
                // The statement is unusable; the next write fails and reports it.
            }
        }
    }

    @Override
    public void close() {
        vision.close();
        for (PreparedStatement ps : List.of(begin, commit, insertReading, lastInsertId, upsertDevice, upsertStatus, insertRejected,
                trimRejected, upsertCommand)) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Closing the connection finalizes whatever is left.
            }
        }
    }
}
