package io.ganglion.runtime.store;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.config.StoreConfig.SyncMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared pieces of the store tests: configurations, readings, and a second, independent SQLite connection. */
final class StoreTestSupport {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:34:56Z"), ZoneOffset.UTC);

    private StoreTestSupport() {
    }

    /** NORMAL sync keeps the suite fast; durability across power loss is SQLite's job, not this test's. */
    static StoreConfig config(Path dir, long quotaBytes, int queueCapacity, int batchMaxReadings,
                              Duration batchMaxDelay, int rejectedKeep) {
        return new StoreConfig(dir.resolve("data").resolve("ganglion.db"), quotaBytes, queueCapacity,
                batchMaxReadings, batchMaxDelay, SyncMode.NORMAL, rejectedKeep);
    }

    static StoreConfig config(Path dir) {
        return config(dir, 64L << 20, 1_000, 500, Duration.ofMillis(1), 100);
    }

    static Reading reading(String device, String metric, long ts, double value) {
        return new Reading(device, metric, ts, value, "Cel", Quality.GOOD);
    }

    /** A message of {@code count} readings of {@code device}, timestamps {@code firstTs, firstTs+1, ...}. */
    static StoreWrite.Readings message(String device, long firstTs, int count) {
        List<Reading> rs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rs.add(reading(device, "temperature", firstTs + i, 20.0 + i));
        }
        return StoreWrite.readings(device, "mqtt", "acme-th1", firstTs, rs);
    }

    /** A connection of our own, as another process would have: it sees only what was committed. */
    static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 2000");
        }
        return c;
    }

    static long queryLong(Path file, String sql) {
        try (Connection c = connect(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Holds SQLite's write lock from another connection, which stalls the store's writer in {@code BEGIN IMMEDIATE}
     * (for up to its busy timeout) exactly as a foreign writer would.
     */
    static final class WriteLock implements AutoCloseable {
        private final Connection c;

        WriteLock(Path file) throws SQLException {
            c = connect(file);
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        }

        @Override
        public void close() throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
            c.close();
        }
    }
}
