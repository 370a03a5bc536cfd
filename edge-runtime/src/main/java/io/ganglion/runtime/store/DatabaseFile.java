package io.ganglion.runtime.store;

import io.ganglion.runtime.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Opens the writer's connection: WAL, the configured {@code synchronous}, an integrity check, and quarantine of a
 * damaged file. A damaged file is moved aside, never deleted: it may hold the only copy of readings that a person
 * can still recover with {@code sqlite3 <file> .recover}.
 */
final class DatabaseFile {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFile.class);

    /** How long a statement waits for a lock held by another connection before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 5_000;
    /**
     * After a checkpoint the WAL is cut back to this size, so one burst does not keep a huge file forever; a WAL past
     * it also triggers a background checkpoint before the next scheduled one.
     */
    static final long JOURNAL_SIZE_LIMIT = 32L * 1024 * 1024;

    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The writer's connection and, when the file found was damaged, where it was moved. */
    record Opened(Connection connection, Optional<Path> quarantined) {
    }

    private DatabaseFile() {
    }

    static Opened open(StoreConfig config, Clock clock, StoreMetrics metrics) {
        Path file = config.path().toAbsolutePath();
        try {
            Path dir = file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot create the directory of store " + file + ": " + e, e);
        }
        Optional<Path> quarantined = Optional.empty();
        try {
            // A missing file needs no check; one that could not be checked read-only is checked by the writer.
            boolean checkOnWriter = Files.exists(file) && !inspect(file);
            return new Opened(openWriter(file, config, checkOnWriter), quarantined);
        } catch (Damaged d) {
            Path kept = quarantine(file, clock);
            metrics.quarantined.increment();
            LOG.error("""
                    !!! STORE DAMAGED: {} failed its integrity check ({}). \
                    The file was MOVED to {} (not deleted) and a new, empty store was started. \
                    Data in the damaged file is not visible to the gateway; try `sqlite3 {} .recover` to rescue it.""",
                    file, d.getMessage(), kept, kept);
            quarantined = Optional.of(kept);
        }
        try {
            return new Opened(openWriter(file, config, false), quarantined);
        } catch (Damaged d) {
            throw new StoreException("Store " + file + " is damaged even after starting a new file: "
                    + d.getMessage(), d.getCause());
        }
    }

    /** Signals that the file is damaged (as opposed to, say, unreadable because of permissions). */
    private static final class Damaged extends Exception {
        Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Checks an existing file on a read-only connection, before anything changes it: a read-only connection never
     * checkpoints the WAL into the file nor deletes the WAL when it closes, so a damaged set is quarantined exactly as
     * found, and a file from a newer release is refused untouched.
     *
     * @return false when the file could not be checked read-only (a hot rollback journal from a foreign tool needs a
     *         writer to recover it); the writer connection then runs the check
     */
    private static boolean inspect(Path file) throws Damaged {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            check(s, file);
            Schema.refuseNewer(c, file);
            return true;
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xFF;
            if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
                throw new Damaged(e.getMessage(), e);
            }
            if (code == SQLITE_READONLY) {
                LOG.debug("Store {} cannot be checked read-only ({}); checking on the writer connection", file,
                        e.getMessage());
                return false;
            }
            throw new StoreException("Cannot open store " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection openWriter(Path file, StoreConfig config, boolean check) throws Damaged {
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
                if (check) {
                    check(s, file);
                    Schema.refuseNewer(c, file);
                }
                String mode = single(s, "PRAGMA journal_mode = WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException("Store " + file + " cannot use write-ahead logging (journal_mode is '"
                            + mode + "'); put store.path on a local file system");
                }
                s.execute("PRAGMA synchronous = " + config.synchronous().name());
                s.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT);
                // No commit checkpoints: WalCheckpointer does it on its own thread (see there why).
                s.execute("PRAGMA wal_autocheckpoint = 0");
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            int code = e.getErrorCode() & 0xFF;
            if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
                throw new Damaged(e.getMessage(), e);
            }
            throw new StoreException("Cannot open store " + file + ": " + e.getMessage(), e);
        } catch (Damaged | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void check(Statement s, Path file) throws SQLException, Damaged {
        List<String> problems = quickCheck(s);
        if (!problems.equals(List.of("ok"))) {
            throw new Damaged("quick_check: " + String.join("; ", problems), null);
        }
    }

    private static List<String> quickCheck(Statement s) throws SQLException {
        List<String> rows = new ArrayList<>();
        // quick_check skips index-content cross checks, so it stays O(file size) rather than O(N log N).
        try (ResultSet rs = s.executeQuery("PRAGMA quick_check(10)")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /**
     * Moves the file and its -wal/-shm (or -journal) to {@code <name>.corrupt-<UTC timestamp>[-wal|-shm]}, keeping SQLite's
     * naming so that the kept set can be opened as one database.
     */
    private static Path quarantine(Path file, Clock clock) {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(clock.instant());
        Path kept = file.resolveSibling(base);
        for (int n = 1; Files.exists(kept); n++) {
            kept = file.resolveSibling(base + "-" + n);
        }
        try {
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, kept.resolveSibling(kept.getFileName() + suffix));
                }
            }
            Files.move(file, kept);
        } catch (IOException e) {
            throw new StoreException("Store " + file + " is damaged and could not be moved aside to " + kept
                    + " (" + e + "); refusing to overwrite it. Move it away by hand.", e);
        }
        return kept;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing a store connection failed", e);
            }
        }
    }
}
