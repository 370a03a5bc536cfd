package io.ganglion.runtime.doctor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * SQLite's {@code PRAGMA quick_check} on a read-only connection: it never creates the file, never checkpoints a WAL
 * into it and never deletes the WAL, so a damaged file stays exactly as found for the gateway (which moves it aside)
 * or a person (who recovers it).
 */
final class SqliteQuickCheck {
    /** How long to wait for a lock before calling the file locked; a running gateway's commits take milliseconds. */
    static final int BUSY_TIMEOUT_MILLIS = 1_000;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    enum Verdict { INTACT, DAMAGED, LOCKED, UNREADABLE }

    /** @param detail SQLite's own words: the first problems of quick_check, or the error */
    record Outcome(Verdict verdict, String detail) {
    }

    private SqliteQuickCheck() {
    }

    static Outcome check(Path file) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true); // opens without SQLITE_OPEN_CREATE: a missing file is an error, never a new database
        cfg.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA quick_check(10)")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows.equals(List.of("ok")) ? new Outcome(Verdict.INTACT, "ok")
                    : new Outcome(Verdict.DAMAGED, String.join("; ", rows));
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xFF;
            Verdict verdict = switch (code) {
                case SQLITE_CORRUPT, SQLITE_NOTADB -> Verdict.DAMAGED;
                case SQLITE_BUSY, SQLITE_LOCKED -> Verdict.LOCKED;
                default -> Verdict.UNREADABLE;
            };
            return new Outcome(verdict, String.valueOf(e.getMessage()));
        }
    }
}
