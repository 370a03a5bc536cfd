package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.RecordKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox's byte quota and its order of sacrifice (docs/sync.md): keeps the stored bytes of all rows in memory
 * and, when an append has gone over {@code quotaBytes}, deletes records in that append's transaction, the
 * lowest-priority kind first ({@link RecordKind} priority), oldest first within it, sparing records in flight, and
 * counts each in {@code sacrificed_<kind>}. It is separate from the records' states because it is a policy over the
 * whole table, not a step of a record's way to the cloud. Not thread-safe: only the outbox's thread touches it.
 */
final class OutboxQuota {
    private static final int SACRIFICE_CHUNK = 256;

    private final OutboxFile file;
    private final long quotaBytes;
    /** The sum of {@code bytes} over all rows, as of the transaction in progress. */
    private long totalBytes;

    OutboxQuota(OutboxFile file, long quotaBytes) {
        this.file = file;
        this.quotaBytes = quotaBytes;
    }

    /** Counts the bytes from the table: at open, and after a rollback undid what the in-memory total had counted. */
    void recount() throws SQLException {
        try (Statement s = file.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(bytes), 0) FROM records")) {
            rs.next();
            totalBytes = rs.getLong(1);
        }
    }

    void added(long bytes) {
        totalBytes += bytes;
    }

    void removed(long bytes) {
        totalBytes -= bytes;
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Lowest priority kind first (RecordKind priority), oldest first within it; records in flight are spared. */
    void sacrificeOverQuota() throws SQLException {
        while (totalBytes > quotaBytes) {
            List<long[]> victims = new ArrayList<>();
            try (ResultSet rs = file.statement("SELECT seq, kind, bytes FROM records WHERE state <> "
                    + OutboxRecords.SENT + " ORDER BY kind, seq LIMIT " + SACRIFICE_CHUNK).executeQuery()) {
                while (rs.next()) {
                    victims.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getLong(3)});
                }
            }
            if (victims.isEmpty()) {
                return; // only records in flight: their acknowledgement will make room
            }
            Map<RecordKind, Long> dropped = new EnumMap<>(RecordKind.class);
            PreparedStatement delete = file.statement("DELETE FROM records WHERE seq = ?");
            for (long[] v : victims) {
                if (totalBytes <= quotaBytes) {
                    break;
                }
                delete.setLong(1, v[0]);
                delete.executeUpdate();
                totalBytes -= v[2];
                dropped.merge(RecordKind.values()[(int) v[1]], 1L, Long::sum);
            }
            for (Map.Entry<RecordKind, Long> e : dropped.entrySet()) {
                file.addCounter(sacrificeCounter(e.getKey()), e.getValue());
            }
        }
    }

    /** Records sacrificed so far, per kind (persistent). */
    Map<RecordKind, Long> sacrificed() throws SQLException {
        Map<RecordKind, Long> sacrificed = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            sacrificed.put(kind, file.counter(sacrificeCounter(kind)));
        }
        return sacrificed;
    }

    private static String sacrificeCounter(RecordKind kind) {
        return "sacrificed_" + kind.wireName();
    }
}
