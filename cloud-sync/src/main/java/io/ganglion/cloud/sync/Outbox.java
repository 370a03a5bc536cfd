package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchFormatException;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.SyncRecord;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's durable outbox: a SQLite file (WAL, synchronous=FULL) of sync records, each with the gateway's
 * sequence number. A record is {@code stored}, then {@code sent} (in a request), then acknowledged by the cloud and
 * purged; a failed request puts its records back to {@code stored}; a refused one parks them as {@code refused}.
 * Over the byte quota, records are sacrificed: lowest-priority kind first, oldest first within it, alerts last
 * (docs/sync.md). Every operation runs on the outbox's one thread, in order, and returns a stage completed there:
 * callers on an event loop must hop back to their context. The queue of pending operations is bounded.
 *
 * <p>A record's body is its JSON fragment ({@link BatchCodec#encodeRecord}), encoded once when appended: a batch
 * is taken without decoding it and a JSON request joins the fragments ({@link StoredRecord}). Files written by an
 * older gateway hold CBOR one-record batches instead; column {@code enc} says which, per row. A batch is marked
 * sent, acknowledged, released or refused a run of consecutive sequence numbers at a time, with statements
 * prepared once.
 */
public final class Outbox implements AutoCloseable {
    static final int STORED = 0;
    static final int SENT = 1;
    static final int REFUSED = 2;
    /** Column {@code enc}: the body is a CBOR batch of one record (gateways before the JSON fragments). */
    static final int ENC_CBOR_BATCH = 0;
    /** Column {@code enc}: the body is the record's JSON fragment. */
    static final int ENC_JSON_RECORD = 1;
    private static final int SACRIFICE_CHUNK = 256;

    private final OutboxSettings settings;
    private final Clock clock;
    private final ThreadPoolExecutor thread;
    private final AtomicLong nextSeq = new AtomicLong();
    private Connection db;
    /** Prepared once each, on the outbox's thread; closed with the file. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private long totalBytes;

    private Outbox(OutboxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.maxPending()), r -> {
                    Thread t = new Thread(r, "ganglion-outbox");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Opens (or creates) the outbox file; records left {@code sent} by a previous run go back to {@code stored}. */
    public static CompletionStage<Outbox> open(OutboxSettings settings, Clock clock) {
        Outbox outbox = new Outbox(settings, clock);
        return outbox.submit(() -> {
            try {
                outbox.openDb();
            } catch (SQLException | RuntimeException e) {
                outbox.closeDb();
                throw e;
            }
            return outbox;
        }).whenComplete((o, e) -> {
            if (e != null) {
                outbox.thread.shutdown();
            }
        });
    }

    /** The sequence number the next appended record gets. */
    public long nextSeq() {
        return nextSeq.get();
    }

    /** Appends records durably (one transaction) and returns their sequence numbers, in order. */
    public CompletionStage<List<Long>> append(Payload... payloads) {
        List<Payload> list = List.of(payloads);
        return submit(() -> appendNow(list, null));
    }

    /**
     * Appends records (perhaps none) and saves the feed's checkpoint in the same transaction: after a crash either
     * both are there or neither, so a feed that resumes from its checkpoint neither loses nor repeats a record.
     */
    public CompletionStage<List<Long>> append(List<? extends Payload> payloads, FeedCheckpoint checkpoint) {
        List<Payload> list = List.copyOf(payloads);
        return submit(() -> appendNow(list, checkpoint));
    }

    /** The feed's last saved checkpoint: position {@link FeedCheckpoint#NO_POSITION} in a new outbox file. */
    public CompletionStage<FeedCheckpoint.Saved> loadFeed() {
        return submit(this::loadFeedNow);
    }

    /**
     * Takes the next batch: alerts first, then live records by seq, then backlog by seq; marks them sent. The
     * records come as stored, not decoded: the uplink joins their JSON fragments into its request.
     */
    public CompletionStage<List<StoredRecord>> nextStoredBatch(BatchRequest request) {
        return submit(() -> nextBatchNow(request));
    }

    /** {@link #nextStoredBatch} with the records decoded; should one not decode, the batch stays stored. */
    public CompletionStage<List<SyncRecord>> nextBatch(BatchRequest request) {
        return submit(() -> {
            List<StoredRecord> rows = nextBatchNow(request);
            List<SyncRecord> records = new ArrayList<>(rows.size());
            try {
                for (StoredRecord row : rows) {
                    records.add(row.decode());
                }
            } catch (BatchFormatException e) {
                setState(rows.stream().map(StoredRecord::seq).toList(), SENT, STORED, null);
                throw e;
            }
            return records;
        });
    }

    /** The cloud committed these records: they are purged. Unknown sequence numbers are ignored. */
    public CompletionStage<Void> acknowledge(Collection<Long> seqs) {
        List<Long> list = List.copyOf(seqs);
        return submit(() -> {
            acknowledgeNow(list);
            return null;
        });
    }

    /** The request carrying these records failed (retryable): they go back to {@code stored}. */
    public CompletionStage<Void> release(Collection<Long> seqs) {
        List<Long> list = List.copyOf(seqs);
        return submit(() -> {
            setState(list, SENT, STORED, null);
            return null;
        });
    }

    /** The cloud refused the batch carrying these records: they are parked as {@code refused}, with the reason. */
    public CompletionStage<Void> refuse(Collection<Long> seqs, String reason) {
        List<Long> list = List.copyOf(seqs);
        return submit(() -> {
            int parked = setState(list, SENT, REFUSED, reason);
            addCounter("refused_total", parked);
            db.commit();
            return null;
        });
    }

    /** An operator fixed what the cloud refused: every parked record goes back to {@code stored}; answers how many. */
    public CompletionStage<Integer> requeueRefused() {
        return submit(() -> {
            try (Statement s = db.createStatement()) {
                int moved = s.executeUpdate("UPDATE records SET state = " + STORED + ", reason = NULL WHERE state = "
                        + REFUSED);
                db.commit();
                return moved;
            }
        });
    }

    /** Whether any {@code stored} record has a sequence number below {@code seq}: is there backlog left to drain. */
    public CompletionStage<Boolean> hasStoredBelow(long seq) {
        return submit(() -> {
            PreparedStatement select = statement("SELECT 1 FROM records WHERE state = " + STORED
                    + " AND seq < ? LIMIT 1");
            select.setLong(1, seq);
            try (ResultSet rs = select.executeQuery()) {
                boolean any = rs.next();
                db.commit();
                return any;
            }
        });
    }

    public CompletionStage<OutboxStats> stats() {
        return submit(this::statsNow);
    }

    /** Closes the file; pending operations run first. */
    public CompletionStage<Void> closeAsync() {
        CompletionStage<Void> closed = submit(() -> {
            closeDb();
            return null;
        });
        return closed.whenComplete((v, e) -> thread.shutdown());
    }

    @Override
    public void close() {
        closeAsync().toCompletableFuture().join();
    }

    private <T> CompletionStage<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    rollbackQuietly();
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(thread.isShutdown() ? new IllegalStateException("the outbox is closed")
                    : new OutboxOverloadedException(settings.maxPending()));
        }
        return result;
    }

    /** After a failed operation: undo its transaction and recount what the in-memory total may have counted. */
    private void rollbackQuietly() {
        try {
            if (db != null) {
                reloadTotals();
            }
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private void closeDb() throws SQLException {
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
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = db.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    private void openDb() throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + settings.file().toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("the outbox file " + settings.file() + " failed its integrity check ("
                            + verdict + "): it is left as it is for inspection; move it aside to start a new one");
                }
            }
            db.setAutoCommit(false);
            s.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
                    + " state INTEGER NOT NULL, bytes INTEGER NOT NULL, created INTEGER NOT NULL,"
                    + " attempted INTEGER, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT, body BLOB NOT NULL,"
                    + " enc INTEGER NOT NULL DEFAULT " + ENC_CBOR_BATCH + ")");
            addEncodingColumn(s);
            s.execute("CREATE INDEX IF NOT EXISTS records_by_state ON records (state, seq)");
            s.execute("CREATE INDEX IF NOT EXISTS records_by_kind ON records (kind, seq)");
            s.execute("INSERT OR IGNORE INTO counters VALUES ('next_seq', 1)");
            s.execute("INSERT OR IGNORE INTO counters VALUES ('last_acked', 0)");
            // The summariser's open windows and its place in the gateway's store (FeedCheckpoint): small rows, one
            // per series, rewritten with the records they produce.
            s.execute("CREATE TABLE IF NOT EXISTS feed_state (key TEXT PRIMARY KEY, state BLOB NOT NULL)");
            s.execute("INSERT OR IGNORE INTO counters VALUES ('feed_position', " + FeedCheckpoint.NO_POSITION + ")");
            // A previous run's in-flight requests have no answer any more: send them again (the cloud deduplicates).
            s.executeUpdate("UPDATE records SET state = " + STORED + " WHERE state = " + SENT);
            nextSeq.set(counter("next_seq"));
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(bytes), 0) FROM records")) {
                rs.next();
                totalBytes = rs.getLong(1);
            }
            db.commit();
        }
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

    private List<Long> appendNow(List<Payload> payloads, FeedCheckpoint checkpoint) throws SQLException {
        long now = clock.millis();
        long seq = nextSeq.get();
        List<Long> seqs = new ArrayList<>(payloads.size());
        PreparedStatement insert = statement("INSERT INTO records (seq, kind, state, bytes, created, body, enc)"
                + " VALUES (?, ?, " + STORED + ", ?, ?, ?, " + ENC_JSON_RECORD + ")");
        for (Payload payload : payloads) {
            byte[] body = BatchCodec.encodeRecord(new SyncRecord(seq, payload));
            insert.setLong(1, seq);
            insert.setInt(2, payload.kind().priority());
            insert.setInt(3, body.length);
            insert.setLong(4, now);
            insert.setBytes(5, body);
            insert.executeUpdate();
            totalBytes += body.length;
            seqs.add(seq);
            seq++;
        }
        setCounter("next_seq", seq);
        if (checkpoint != null) {
            saveFeedNow(checkpoint);
        }
        sacrificeOverQuota();
        db.commit();
        nextSeq.set(seq);
        return seqs;
    }

    private void saveFeedNow(FeedCheckpoint checkpoint) throws SQLException {
        setCounter("feed_position", checkpoint.position());
        if (!checkpoint.changed().isEmpty()) {
            PreparedStatement upsert = statement("INSERT INTO feed_state (key, state) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET state = excluded.state");
            for (Map.Entry<String, byte[]> e : checkpoint.changed().entrySet()) {
                upsert.setString(1, e.getKey());
                upsert.setBytes(2, e.getValue());
                upsert.executeUpdate();
            }
        }
        if (!checkpoint.removed().isEmpty()) {
            PreparedStatement delete = statement("DELETE FROM feed_state WHERE key = ?");
            for (String key : checkpoint.removed()) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
        }
    }

    private FeedCheckpoint.Saved loadFeedNow() throws SQLException {
        Map<String, byte[]> states = new java.util.HashMap<>();
        long position = counter("feed_position");
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT key, state FROM feed_state")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getBytes(2));
            }
        }
        db.commit();
        return new FeedCheckpoint.Saved(position, states);
    }

    private void reloadTotals() throws SQLException {
        db.rollback();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(bytes), 0) FROM records")) {
            rs.next();
            totalBytes = rs.getLong(1);
        }
    }

    /** Lowest priority kind first (RecordKind priority), oldest first within it; records in flight are spared. */
    private void sacrificeOverQuota() throws SQLException {
        while (totalBytes > settings.quotaBytes()) {
            List<long[]> victims = new ArrayList<>();
            try (ResultSet rs = statement("SELECT seq, kind, bytes FROM records WHERE state <> " + SENT
                    + " ORDER BY kind, seq LIMIT " + SACRIFICE_CHUNK).executeQuery()) {
                while (rs.next()) {
                    victims.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getLong(3)});
                }
            }
            if (victims.isEmpty()) {
                return; // only records in flight: their acknowledgement will make room
            }
            Map<RecordKind, Long> dropped = new EnumMap<>(RecordKind.class);
            PreparedStatement delete = statement("DELETE FROM records WHERE seq = ?");
            for (long[] v : victims) {
                if (totalBytes <= settings.quotaBytes()) {
                    break;
                }
                delete.setLong(1, v[0]);
                delete.executeUpdate();
                totalBytes -= v[2];
                dropped.merge(RecordKind.values()[(int) v[1]], 1L, Long::sum);
            }
            for (Map.Entry<RecordKind, Long> e : dropped.entrySet()) {
                addCounter(sacrificeCounter(e.getKey()), e.getValue());
            }
        }
    }

    private static String sacrificeCounter(RecordKind kind) {
        return "sacrificed_" + kind.wireName();
    }

    private List<StoredRecord> nextBatchNow(BatchRequest request) throws SQLException {
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
            PreparedStatement update = statement("UPDATE records SET state = " + SENT
                    + ", attempted = ?, attempts = attempts + 1 WHERE seq BETWEEN ? AND ?");
            for (long[] run : runs(taken)) {
                update.setLong(1, now);
                update.setLong(2, run[0]);
                update.setLong(3, run[1]);
                update.executeUpdate();
            }
            db.commit();
        }
        return batch;
    }

    /** Adds rows of the query to the batch until a limit is reached; true when the batch is full. */
    private boolean take(List<StoredRecord> batch, Set<Long> taken, long[] bytes, BatchRequest request, String sql,
                         long seqBound, int limit) throws SQLException {
        int taking = 0;
        PreparedStatement select = statement(sql);
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

    private void acknowledgeNow(List<Long> seqs) throws SQLException {
        long highest = counter("last_acked");
        PreparedStatement sum = statement("SELECT COALESCE(SUM(bytes), 0) FROM records WHERE seq BETWEEN ? AND ?");
        PreparedStatement delete = statement("DELETE FROM records WHERE seq BETWEEN ? AND ?");
        for (long[] run : runs(seqs)) {
            sum.setLong(1, run[0]);
            sum.setLong(2, run[1]);
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                totalBytes -= rs.getLong(1);
            }
            delete.setLong(1, run[0]);
            delete.setLong(2, run[1]);
            delete.executeUpdate();
            highest = Math.max(highest, run[1]);
        }
        setCounter("last_acked", highest);
        db.commit();
    }

    private int setState(List<Long> seqs, int from, int to, String reason) throws SQLException {
        int changed = 0;
        PreparedStatement update = statement("UPDATE records SET state = ?, reason = ?"
                + " WHERE seq BETWEEN ? AND ? AND state = ?");
        for (long[] run : runs(seqs)) {
            update.setInt(1, to);
            update.setString(2, reason);
            update.setLong(3, run[0]);
            update.setLong(4, run[1]);
            update.setInt(5, from);
            changed += update.executeUpdate();
        }
        db.commit();
        return changed;
    }

    private OutboxStats statsNow() throws SQLException {
        long stored = 0;
        long sent = 0;
        long refused = 0;
        long backlogBytes = 0;
        long oldest = -1;
        try (Statement s = db.createStatement();
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
        Map<RecordKind, Long> sacrificed = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            sacrificed.put(kind, counter(sacrificeCounter(kind)));
        }
        db.commit();
        return new OutboxStats(stored, sent, refused, backlogBytes, totalBytes, oldest, nextSeq.get(),
                counter("last_acked"), sacrificed, counter("refused_total"));
    }

    private long counter(String name) throws SQLException {
        PreparedStatement select = statement("SELECT value FROM counters WHERE name = ?");
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void setCounter(String name, long value) throws SQLException {
        PreparedStatement upsert = statement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        upsert.setString(1, name);
        upsert.setLong(2, value);
        upsert.executeUpdate();
    }

    private void addCounter(String name, long delta) throws SQLException {
        PreparedStatement upsert = statement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value");
        upsert.setString(1, name);
        upsert.setLong(2, delta);
        upsert.executeUpdate();
    }
}
