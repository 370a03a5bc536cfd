package io.ganglion.runtime.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's schema as an ordered list of migrations; {@code PRAGMA user_version} records how many have run.
 * Append new steps to {@link #MIGRATIONS}; never edit one that has shipped.
 */
final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** One step from {@code version - 1} to {@code version}, run in one transaction together with the version bump. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "devices, series, readings and rejected messages", List.of(
                    """
                    CREATE TABLE devices (
                      id         TEXT PRIMARY KEY,
                      transport  TEXT NOT NULL,
                      profile    TEXT NOT NULL,
                      first_seen INTEGER NOT NULL,
                      last_seen  INTEGER NOT NULL
                    )""",
                    // One row per (device, metric, unit), so that a reading row carries one small integer instead of
                    // three strings: smaller rows and a smaller index are fewer pages to write per commit. Ids are
                    // never changed; a series whose readings have all been evicted is deleted with the last of them.
                    """
                    CREATE TABLE series (
                      id        INTEGER PRIMARY KEY,
                      device_id TEXT NOT NULL,
                      metric    TEXT NOT NULL,
                      unit      TEXT NOT NULL
                    )""",
                    // The UNIQUE constraint as a named index, so that query plans (and their test) can name it; it
                    // also serves "the series of device X [metric M]" in (metric, unit) order.
                    "CREATE UNIQUE INDEX series_by_device_metric_unit ON series (device_id, metric, unit)",
                    // id is the rowid: ascending id is arrival order, which is also the eviction order.
                    """
                    CREATE TABLE readings (
                      id          INTEGER PRIMARY KEY,
                      series_id   INTEGER NOT NULL,
                      ts          INTEGER NOT NULL,
                      value       REAL NOT NULL,
                      quality     INTEGER NOT NULL,
                      received_at INTEGER NOT NULL
                    )""",
                    // "Series S in [from, to) newest first" is a reverse range scan that stops after LIMIT rows (the
                    // rowid ends every index entry, so ties in ts come out newest arrival first). A device query
                    // merges one such scan per series of the device: see ReadingsQuery.
                    "CREATE INDEX readings_by_series_time ON readings (series_id, ts)",
                    """
                    CREATE TABLE rejected (
                      id             INTEGER PRIMARY KEY,
                      received_at    INTEGER NOT NULL,
                      transport      TEXT NOT NULL,
                      device_id      TEXT,
                      address        TEXT NOT NULL,
                      reason         TEXT NOT NULL,
                      detail         TEXT NOT NULL,
                      payload        BLOB NOT NULL,
                      payload_length INTEGER NOT NULL
                    )""")),
            // What a device last said about itself on its status channel: the firmware that selects its profile
            // (kept so that a restarted gateway decodes with the right one before the device announces again) and
            // its online/offline state (MQTT last will).
            new Migration(2, "device firmware and state", List.of(
                    "ALTER TABLE devices ADD COLUMN firmware TEXT",
                    "ALTER TABLE devices ADD COLUMN state TEXT",
                    "ALTER TABLE devices ADD COLUMN state_changed_at INTEGER")),
            // Commands to devices and where each one is (pending, delivered, acknowledged, failed, expired), so that
            // a command survives a restart and its fate can be looked up.
            new Migration(3, "commands", List.of(
                    """
                    CREATE TABLE commands (
                      id         TEXT PRIMARY KEY,
                      device_id  TEXT NOT NULL,
                      name       TEXT NOT NULL,
                      parameters TEXT NOT NULL,
                      payload    BLOB NOT NULL,
                      address    TEXT NOT NULL,
                      qos        INTEGER NOT NULL,
                      created_at INTEGER NOT NULL,
                      expires_at INTEGER NOT NULL,
                      status     TEXT NOT NULL,
                      status_at  INTEGER NOT NULL,
                      detail     TEXT NOT NULL
                    )""",
                    "CREATE INDEX commands_by_device_created ON commands (device_id, created_at)",
                    "CREATE INDEX commands_by_status ON commands (status)")),
            // What the vision pipeline found in camera frames: one row per detection (bounded by
            // store.detectionsKeep, oldest first), and per camera and window the frames analysed and the counts per
            // class and zone (bounded by store.windowsKeep). A window is keyed by (camera, start) and merged when
            // written twice (a restart in the middle of one), so a query never sees it split.
            new Migration(4, "detections and detection windows", List.of(
                    """
                    CREATE TABLE detections (
                      id           INTEGER PRIMARY KEY,
                      camera       TEXT NOT NULL,
                      frame_ts     INTEGER NOT NULL,
                      model        TEXT NOT NULL,
                      class_id     INTEGER NOT NULL,
                      label        TEXT NOT NULL,
                      score        REAL NOT NULL,
                      x1           REAL NOT NULL,
                      y1           REAL NOT NULL,
                      x2           REAL NOT NULL,
                      y2           REAL NOT NULL,
                      frame_width  INTEGER NOT NULL,
                      frame_height INTEGER NOT NULL,
                      zones        TEXT NOT NULL,
                      text         TEXT
                    )""",
                    "CREATE INDEX detections_by_camera_time ON detections (camera, frame_ts)",
                    "CREATE INDEX detections_by_time ON detections (frame_ts)",
                    """
                    CREATE TABLE detection_windows (
                      id           INTEGER PRIMARY KEY,
                      camera       TEXT NOT NULL,
                      window_start INTEGER NOT NULL,
                      window_end   INTEGER NOT NULL,
                      frames       INTEGER NOT NULL,
                      detections   INTEGER NOT NULL
                    )""",
                    "CREATE UNIQUE INDEX detection_windows_by_camera_start ON detection_windows (camera, window_start)",
                    """
                    CREATE TABLE detection_window_counts (
                      camera       TEXT NOT NULL,
                      window_start INTEGER NOT NULL,
                      label        TEXT NOT NULL,
                      zone         TEXT NOT NULL,
                      detections   INTEGER NOT NULL,
                      peak         INTEGER NOT NULL,
                      PRIMARY KEY (camera, window_start, label, zone)
                    ) WITHOUT ROWID""")));

    /** The version this code writes and understands. */
    static final int CURRENT_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private Schema() {
    }

    /**
     * Refuses a database written by a newer Ganglion: this code might misread its data or damage it.
     *
     * @throws StoreException naming the file and both versions
     */
    static void refuseNewer(Connection c, Path file) throws SQLException {
        int found = userVersion(c);
        if (found > CURRENT_VERSION) {
            throw new StoreException("Store " + file + " has schema version " + found + " but this Ganglion only "
                    + "knows versions up to " + CURRENT_VERSION + ": it was written by a newer release. Refusing to "
                    + "open it; run the newer release, or set store.path to another file.");
        }
    }

    /**
     * Brings the database to {@link #CURRENT_VERSION}.
     *
     * @throws StoreException when the database is from a newer release (see {@link #refuseNewer}), or when a
     *                        migration fails (then nothing of it is applied)
     */
    static void migrate(Connection c, Path file) throws SQLException {
        refuseNewer(c, file);
        int found = userVersion(c);
        for (Migration m : MIGRATIONS) {
            if (m.version() <= found) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                    // user_version lives in the file header and is covered by the same transaction.
                    s.execute("PRAGMA user_version = " + m.version());
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    s.execute("ROLLBACK");
                    throw new StoreException("Store " + file + ": migration to version " + m.version() + " ("
                            + m.description() + ") failed; the database was left at version " + userVersion(c), e);
                }
            }
            LOG.info("Store {} migrated to schema version {} ({})", file, m.version(), m.description());
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
