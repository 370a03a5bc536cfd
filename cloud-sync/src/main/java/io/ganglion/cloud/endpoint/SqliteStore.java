package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * SQLite, the embedded default: the same tables and semantics as {@link PostgresStore}, without partitions. One
 * connection used by one worker thread, so the event loop never waits on the file; WAL, {@code synchronous=FULL}
 * (a batch is acknowledged only once on disk) and {@code BEGIN IMMEDIATE} transactions, so a second process on
 * the same file waits its turn instead of failing.
 */
public final class SqliteStore implements CloudStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    static final List<String> SCHEMA_V1 = List.of(
            "CREATE TABLE gateways (id TEXT PRIMARY KEY, first_contact INTEGER NOT NULL,"
                    + " last_contact INTEGER NOT NULL, highest_seq INTEGER NOT NULL,"
                    + " newest_record_time INTEGER NOT NULL, batches INTEGER NOT NULL, records INTEGER NOT NULL)",
            "CREATE TABLE received (gateway TEXT NOT NULL, seq INTEGER NOT NULL, received_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (gateway, seq)) WITHOUT ROWID",
            "CREATE TABLE summaries (" + Tables.columnDefinitions(Tables.SUMMARIES, "TEXT", "INTEGER", "REAL") + ")",
            "CREATE INDEX summaries_by_gateway ON summaries (gateway, device, metric, window_start)",
            "CREATE INDEX summaries_by_metric ON summaries (metric, window_start)",
            "CREATE INDEX summaries_by_time ON summaries (window_start)",
            "CREATE TABLE detection_counts (" + Tables.columnDefinitions(Tables.DETECTIONS, "TEXT", "INTEGER", "REAL")
                    + ")",
            "CREATE INDEX detection_counts_by_gateway ON detection_counts (gateway, device, class_name, window_start)",
            "CREATE INDEX detection_counts_by_time ON detection_counts (window_start)",
            "CREATE TABLE status_changes (" + Tables.columnDefinitions(Tables.STATUS, "TEXT", "INTEGER", "REAL") + ")",
            "CREATE INDEX status_changes_by_gateway ON status_changes (gateway, device, event_time)",
            "CREATE TABLE alerts (" + Tables.columnDefinitions(Tables.ALERTS, "TEXT", "INTEGER", "REAL") + ")",
            "CREATE INDEX alerts_by_gateway ON alerts (gateway, device, event_time)");

    private static final String UPSERT_GATEWAY = "INSERT INTO gateways (id, first_contact, last_contact,"
            + " highest_seq, newest_record_time, batches, records) VALUES (?, ?, ?, ?, ?, 1, ?)"
            + " ON CONFLICT (id) DO UPDATE SET last_contact = max(last_contact, excluded.last_contact),"
            + " highest_seq = max(highest_seq, excluded.highest_seq),"
            + " newest_record_time = max(newest_record_time, excluded.newest_record_time),"
            + " batches = batches + 1, records = records + excluded.records";

    private final Path path;
    private final WorkerExecutor worker;
    private Connection connection;

    public SqliteStore(Vertx vertx, CloudConfig.Sqlite config) {
        this.path = config.path();
        this.worker = vertx.createSharedWorkerExecutor("ganglion-cloud-sqlite-" + path.toAbsolutePath(), 1);
    }

    private <T> Future<T> onWorker(Callable<T> task) {
        return worker.executeBlocking(task, true);
    }

    @Override
    public Future<Void> start() {
        return this.<Void>onWorker(() -> {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(10_000);
            connection = config.createConnection("jdbc:sqlite:" + path);
            int applied = inTransaction(this::migrate);
            LOG.info("SQLite store {}: {} migration(s) applied", path, applied);
            return null;
        });
    }

    /** Version 1 is the whole schema; later versions are added as numbered lists like {@link #SCHEMA_V1}. */
    private int migrate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            int current;
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            int applied = 0;
            if (current < 1) {
                for (String sql : SCHEMA_V1) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version VALUES (1, 'gateways, dedup, record tables', "
                        + System.currentTimeMillis() + ")");
                applied++;
            }
            return applied;
        }
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction (explicit: the connection stays in auto-commit, so
     * between transactions it holds no lock another process could wait on).
     */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run();
                statement.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }

    @Override
    public Future<StoreResult> store(Batch batch, long receivedAt) {
        return onWorker(() -> inTransaction(() -> write(batch, receivedAt)));
    }

    private StoreResult write(Batch batch, long receivedAt) throws SQLException {
        List<SyncRecord> records = new ArrayList<>(batch.records());
        records.sort(Comparator.comparingLong(SyncRecord::seq));
        Map<Tables.Table, List<SyncRecord>> fresh = new LinkedHashMap<>();
        int stored = 0;
        try (PreparedStatement received = connection.prepareStatement(
                "INSERT OR IGNORE INTO received (gateway, seq, received_at) VALUES (?, ?, ?)")) {
            for (SyncRecord record : records) {
                received.setString(1, batch.gatewayId());
                received.setLong(2, record.seq());
                received.setLong(3, receivedAt);
                if (received.executeUpdate() == 1) {
                    fresh.computeIfAbsent(Tables.of(record.payload().kind()), t -> new ArrayList<>()).add(record);
                    stored++;
                }
            }
        }
        for (Map.Entry<Tables.Table, List<SyncRecord>> entry : fresh.entrySet()) {
            try (PreparedStatement insert = connection.prepareStatement(entry.getKey().insertSql(i -> "?"))) {
                for (SyncRecord record : entry.getValue()) {
                    Object[] values = entry.getKey().values(batch.gatewayId(), record);
                    for (int i = 0; i < values.length; i++) {
                        insert.setObject(i + 1, values[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        long newest = batch.records().stream().mapToLong(r -> r.payload().time()).max().orElseThrow();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_GATEWAY)) {
            upsert.setString(1, batch.gatewayId());
            upsert.setLong(2, receivedAt);
            upsert.setLong(3, receivedAt);
            upsert.setLong(4, batch.highestSeq());
            upsert.setLong(5, newest);
            upsert.setLong(6, stored);
            upsert.executeUpdate();
        }
        return new StoreResult(batch.highestSeq(), stored, batch.records().size() - stored);
    }

    @Override
    public Future<List<GatewayStatus>> gateways() {
        return onWorker(() -> {
            List<GatewayStatus> list = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet r = statement.executeQuery("SELECT id, first_contact, last_contact, highest_seq,"
                         + " newest_record_time, batches, records FROM gateways ORDER BY id")) {
                while (r.next()) {
                    list.add(new GatewayStatus(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4),
                            r.getLong(5), r.getLong(6), r.getLong(7)));
                }
            }
            return list;
        });
    }

    @Override
    public Future<JsonArray> query(RecordKind kind, RecordQuery query) {
        Tables.Table table = Tables.of(kind);
        return onWorker(() -> {
            List<Object> args = new ArrayList<>();
            String sql = table.selectSql(query, i -> "?", args);
            JsonArray result = new JsonArray();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    select.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        result.add(table.toJson((i, type) -> switch (type) {
                            case TEXT -> rs.getString(i + 1);
                            case LONG -> rs.getLong(i + 1);
                            case DOUBLE -> rs.getDouble(i + 1);
                        }));
                    }
                }
            }
            return result;
        });
    }

    /** Counts rows of a table, for tests. */
    Future<Long> count(String table) {
        return onWorker(() -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Future<Void> close() {
        return this.<Void>onWorker(() -> {
            if (connection != null) {
                connection.close();
            }
            return null;
        }).eventually(() -> worker.close());
    }

}
