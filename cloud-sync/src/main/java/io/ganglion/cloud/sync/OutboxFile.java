package io.ganglion.cloud.sync;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The outbox's SQLite file: its one connection (WAL, {@code synchronous=FULL}, checked with {@code PRAGMA
 * quick_check} before use), the statements prepared on it, and the {@code counters} table in which the records, the
 * quota and the feed checkpoint keep their numbers. It is separate so that {@link OutboxRecords},
 * {@link OutboxQuota} and {@link OutboxCheckpoints} share one connection, one transaction and one statement cache
 * without living in one class. Not thread-safe: only the outbox's thread touches it.
 */
final class OutboxFile {
    private final Path path;
    private Connection db;
    /** Prepared once each, on the outbox's thread; closed with the file. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    OutboxFile(Path path) {
        this.path = path;
    }

    /**
     * Opens the connection and creates the counters table, leaving the transaction open for the other tables. A file
     * that fails its integrity check is not used: starting a fresh one would restart the sequence numbers.
     */
    void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("the outbox file " + path + " failed its integrity check ("
                            + verdict + "): it is left as it is for inspection; move it aside to start a new one");
                }
            }
            db.setAutoCommit(false);
            s.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        }
    }

    boolean isOpen() {
        return db != null;
    }

    Statement createStatement() throws SQLException {
        return db.createStatement();
    }

    void commit() throws SQLException {
        db.commit();
    }

    void rollback() throws SQLException {
        db.rollback();
    }

    void close() throws SQLException {
        if (db == null) {
            return;
        }
        try {
            for (PreparedStatement p : statements.values()) {
                p.close();
            }
        } finally {
            statements.clear();
            db.close();
            db = null;
        }
    }

    /** The statement for this SQL, prepared on first use and kept: preparing costs more than a small update. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = db.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    long counter(String name) throws SQLException {
        PreparedStatement select = statement("SELECT value FROM counters WHERE name = ?");
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    void setCounter(String name, long value) throws SQLException {
        PreparedStatement upsert = statement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        upsert.setString(1, name);
        upsert.setLong(2, value);
        upsert.executeUpdate();
    }

    void addCounter(String name, long delta) throws SQLException {
        PreparedStatement upsert = statement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value");
        upsert.setString(1, name);
        upsert.setLong(2, delta);
        upsert.executeUpdate();
    }
}
