package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.SyncRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox's {@code records} table and the sequence numbers: rows are inserted {@code stored}, taken into batches
 * ({@code sent}), deleted when acknowledged, put back when released, parked when refused. A batch is marked, and
 * acknowledged, a run of consecutive sequence numbers at a time. It is separate from {@link Outbox}, which owns the
 * thread these run on and the transactions around them, and from {@link OutboxQuota}, which it tells of every byte
 * added or removed. Not thread-safe: only the outbox's thread touches it, except {@link #nextSeq()}.
 */
final class OutboxRecords {
    static final int STORED = 0;
    static final int SENT = 1;
    static final int REFUSED = 2;
    /** Column {@code enc}: the body is a CBOR batch of one record (gateways before the JSON fragments). */
    static final int ENC_CBOR_BATCH = 0;
    /** Column {@code enc}: the body is the record's JSON fragment. */
    static final int ENC_JSON_RECORD = 1;

    private final OutboxFile file;
    private final OutboxQuota quota;
    private final Clock clock;
    /** Read from any thread; moved only once an append has committed. */
    private final AtomicLong nextSeq = new AtomicLong();

    OutboxRecords(OutboxFile file, OutboxQuota quota, Clock clock) {
        this.file = file;
        this.quota = quota;
        this.clock = clock;
    }

    long nextSeq() {
        return nextSeq.get();
    }

    /** In the transaction that opens the file: the table, its indexes and counters, upgraded from older gateways. */
    void createTables(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
                + " state INTEGER NOT NULL, bytes INTEGER NOT NULL, created INTEGER NOT NULL,"
                + " attempted INTEGER, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT, body BLOB NOT NULL,"
                + " enc INTEGER NOT NULL DEFAULT " + ENC_CBOR_BATCH + ")");
        addEncodingColumn(s);
        s.execute("CREATE INDEX IF NOT EXISTS records_by_state ON records (state, seq)");
        s.execute("CREATE INDEX IF NOT EXISTS records_by_kind ON records (kind, seq)");
        s.execute("INSERT OR IGNORE INTO counters VALUES ('next_seq', 1)");
        s.execute("INSERT OR IGNORE INTO counters VALUES ('last_acked', 0)");
    }

    /** At open: a previous run's in-flight requests have no answer any more; send them again (the cloud dedups). */
    void resendInFlight(Statement s) throws SQLException {
        s.executeUpdate("UPDATE records SET state = " + STORED + " WHERE state = " + SENT);
        nextSeq.set(file.counter("next_seq"));
    }

    /**
     * A file of a gateway from before the JSON fragments has no {@code enc}: added, its rows are CBOR batches (the
     * column's default), read as such. SQLite adds a column with a constant default without rewriting the rows.
     */
    private static void addEncodingColumn(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('records') WHERE name = 'enc'")) {
            if (rs.next()) {
                return;
            }
        }
        s.execute("ALTER TABLE records ADD COLUMN enc INTEGER NOT NULL DEFAULT " + ENC_CBOR_BATCH);
    }

    /**
     * Inserts the records and the new {@code next_seq} in the transaction in progress and answers their sequence
     * numbers; {@link #appendCommitted} after the commit makes them the outbox's.
     */
    List<Long> insert(List<Payload> payloads) throws SQLException {
        long now = clock.millis();
        long seq = nextSeq.get();
        List<Long> seqs = new ArrayList<>(payloads.size());
        PreparedStatement insert = file.statement("INSERT INTO records (seq, kind, state, bytes, created, body, enc)"
                + " VALUES (?, ?, " + STORED + ", ?, ?, ?, " + ENC_JSON_RECORD + ")");
        for (Payload payload : payloads) {
            byte[] body = BatchCodec.encodeRecord(new SyncRecord(seq, payload));
            insert.setLong(1, seq);
            insert.setInt(2, payload.kind().priority());
            insert.setInt(3, body.length);
            insert.setLong(4, now);
            insert.setBytes(5, body);
            insert.executeUpdate();
            quota.added(body.length);
            seqs.add(seq);
            seq++;
        }
        file.setCounter("next_seq", seq);
        return seqs;
    }

    /** The append of {@code count} records committed: the next one gets the number after them. */
    void appendCommitted(int count) {
        nextSeq.addAndGet(count);
    }

    /** Alerts first, then live records by seq, then backlog by seq; marks them sent and commits. */
    List<StoredRecord> takeBatch(BatchRequest request) throws SQLException {
        List<StoredRecord> batch = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        long[] bytes = {0};
        boolean full = take(batch, taken, bytes, request, "SELECT seq, bytes, body, enc FROM records WHERE kind = "
                + RecordKind.ALERT.priority() + " AND state = " + STORED + " ORDER BY seq LIMIT ?", -1,
                request.maxRecords());
        if (!full) {
            full = take(batch, taken, bytes, request, "SELECT seq, bytes, body, enc FROM records WHERE state = "
                    + STORED + " AND seq >= ? ORDER BY seq LIMIT ?", request.liveFromSeq(), request.maxRecords());
        }
        if (!full && request.liveFromSeq() > 0 && request.maxBacklogRecords() > 0) {
            take(batch, taken, bytes, request, "SELECT seq, bytes, body, enc FROM records WHERE state = " + STORED
                    + " AND seq < ? ORDER BY seq LIMIT ?", request.liveFromSeq(), request.maxBacklogRecords());
        }
        if (!batch.isEmpty()) {
            long now = clock.millis();
            PreparedStatement update = file.statement("UPDATE records SET state = " + SENT
                    + ", attempted = ?, attempts = attempts + 1 WHERE seq BETWEEN ? AND ?");
            for (long[] run : runs(taken)) {
                update.setLong(1, now);
                update.setLong(2, run[0]);
                update.setLong(3, run[1]);
                update.executeUpdate();
            }
            file.commit();
        }
        return batch;
    }

    /** Adds rows of the query to the batch until a limit is reached; true when the batch is full. */
    private boolean take(List<StoredRecord> batch, Set<Long> taken, long[] bytes, BatchRequest request, String sql,
                         long seqBound, int limit) throws SQLException {
        int taking = 0;
        PreparedStatement select = file.statement(sql);
        int i = 1;
        if (seqBound >= 0) {
            select.setLong(i++, seqBound);
        }
        select.setInt(i, limit + batch.size());
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (taken.contains(seq)) {
                    continue;
                }
                long size = rs.getLong(2);
                if (batch.size() >= request.maxRecords()
                        || (!batch.isEmpty() && bytes[0] + size > request.maxBytes())) {
                    return true;
                }
                if (taking >= limit) {
                    return false;
                }
                batch.add(new StoredRecord(seq, rs.getBytes(3), rs.getInt(4) == ENC_JSON_RECORD));
                taken.add(seq);
                bytes[0] += size;
                taking++;
            }
        }
        return batch.size() >= request.maxRecords();
    }

    /**
     * The distinct sequence numbers as runs of consecutive numbers, {first, last} each, ascending: a statement per
     * run ({@code seq BETWEEN first AND last}) touches exactly these rows. A batch is mostly one or a few runs.
     */
    static List<long[]> runs(Collection<Long> seqs) {
        long[] sorted = seqs.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        List<long[]> runs = new ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            runs.add(new long[] {sorted[i], sorted[j]});
            i = j + 1;
        }
        return runs;
    }

    /** Deletes the rows (the acknowledged state is the deletion), raises {@code last_acked} and commits. */
    void acknowledge(List<Long> seqs) throws SQLException {
        long highest = file.counter("last_acked");
        PreparedStatement sum = file.statement("SELECT COALESCE(SUM(bytes), 0) FROM records WHERE seq BETWEEN ? AND ?");
        PreparedStatement delete = file.statement("DELETE FROM records WHERE seq BETWEEN ? AND ?");
        for (long[] run : runs(seqs)) {
            sum.setLong(1, run[0]);
            sum.setLong(2, run[1]);
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                quota.removed(rs.getLong(1));
            }
            delete.setLong(1, run[0]);
            delete.setLong(2, run[1]);
            delete.executeUpdate();
            highest = Math.max(highest, run[1]);
        }
        file.setCounter("last_acked", highest);
        file.commit();
    }

    /** Moves the records that are in state {@code from} to {@code to} and commits; answers how many moved. */
    int setState(List<Long> seqs, int from, int to, String reason) throws SQLException {
        int changed = 0;
        PreparedStatement update = file.statement("UPDATE records SET state = ?, reason = ?"
                + " WHERE seq BETWEEN ? AND ? AND state = ?");
        for (long[] run : runs(seqs)) {
            update.setInt(1, to);
            update.setString(2, reason);
            update.setLong(3, run[0]);
            update.setLong(4, run[1]);
            update.setInt(5, from);
            changed += update.executeUpdate();
        }
        file.commit();
        return changed;
    }

    void refuse(List<Long> seqs, String reason) throws SQLException {
        int parked = setState(seqs, SENT, REFUSED, reason);
        file.addCounter("refused_total", parked);
        file.commit();
    }

    int requeueRefused() throws SQLException {
        try (Statement s = file.createStatement()) {
            int moved = s.executeUpdate("UPDATE records SET state = " + STORED + ", reason = NULL WHERE state = "
                    + REFUSED);
            file.commit();
            return moved;
        }
    }

    boolean hasStoredBelow(long seq) throws SQLException {
        PreparedStatement select = file.statement("SELECT 1 FROM records WHERE state = " + STORED
                + " AND seq < ? LIMIT 1");
        select.setLong(1, seq);
        try (ResultSet rs = select.executeQuery()) {
            boolean any = rs.next();
            file.commit();
            return any;
        }
    }

    OutboxStats stats() throws SQLException {
        long stored = 0;
        long sent = 0;
        long refused = 0;
        long backlogBytes = 0;
        long oldest = -1;
        try (Statement s = file.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, COUNT(*), COALESCE(SUM(bytes), 0), MIN(created)"
                     + " FROM records GROUP BY state")) {
            while (rs.next()) {
                int state = rs.getInt(1);
                long count = rs.getLong(2);
                if (state == REFUSED) {
                    refused = count;
                    continue;
                }
                if (state == STORED) {
                    stored = count;
                } else {
                    sent = count;
                }
                backlogBytes += rs.getLong(3);
                long created = rs.getLong(4);
                oldest = oldest < 0 ? created : Math.min(oldest, created);
            }
        }
        Map<RecordKind, Long> sacrificed = quota.sacrificed();
        file.commit();
        return new OutboxStats(stored, sent, refused, backlogBytes, quota.totalBytes(), oldest, nextSeq.get(),
                file.counter("last_acked"), sacrificed, file.counter("refused_total"));
    }
}
