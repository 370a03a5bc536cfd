package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL through the Vert.x reactive client. Summaries and detection counts are partitioned by month of window
 * start: a month's partition is created the first time a record of it arrives (within {@link #PARTITION_PAST} months
 * back and {@link #PARTITION_AHEAD} ahead of now; anything else lands in the DEFAULT partition).
 */
public final class PostgresStore implements CloudStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    static final int PARTITION_PAST = 36;
    static final int PARTITION_AHEAD = 2;

    private static final String INSERT_RECEIVED = "INSERT INTO received (gateway, seq, received_at)"
            + " SELECT $1, s, $3 FROM unnest($2::bigint[]) AS s ON CONFLICT DO NOTHING RETURNING seq";
    private static final String UPSERT_GATEWAY = "INSERT INTO gateways (id, first_contact, last_contact,"
            + " highest_seq, newest_record_time, batches, records) VALUES ($1, $2, $2, $3, $4, 1, $5)"
            + " ON CONFLICT (id) DO UPDATE SET last_contact = greatest(gateways.last_contact, excluded.last_contact),"
            + " highest_seq = greatest(gateways.highest_seq, excluded.highest_seq),"
            + " newest_record_time = greatest(gateways.newest_record_time, excluded.newest_record_time),"
            + " batches = gateways.batches + 1, records = gateways.records + excluded.records";

    private final Pool pool;
    private final String schema;
    /** "table:yyyymm" partitions known to exist (or known to be impossible, see {@link #createPartition}). */
    private final Set<String> partitions = ConcurrentHashMap.newKeySet();

    public PostgresStore(Vertx vertx, CloudConfig.Postgres config) {
        this.schema = config.schema();
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(config.host()).setPort(config.port()).setDatabase(config.database())
                .setUser(config.user()).setPassword(config.password())
                .setCachePreparedStatements(true);
        connect.addProperty("search_path", config.schema());
        connect.addProperty("application_name", "ganglion-cloud");
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(config.poolSize()))
                .connectingTo(connect)
                .using(vertx)
                .build();
    }

    @Override
    public Future<Void> start() {
        return PostgresSchema.migrate(pool, schema).map(applied -> {
            LOG.info("PostgreSQL schema {}: {} migration(s) applied, at version {}", schema, applied,
                    PostgresSchema.MIGRATIONS.get(PostgresSchema.MIGRATIONS.size() - 1).version());
            return null;
        });
    }

    @Override
    public Future<StoreResult> store(Batch batch, long receivedAt) {
        return ensurePartitions(batch, receivedAt).compose(v -> pool.withTransaction(conn -> write(conn, batch,
                receivedAt)));
    }

    private Future<StoreResult> write(SqlConnection conn, Batch batch, long receivedAt) {
        // Ascending, so that overlapping batches lock their (gateway, seq) keys in the same order: no deadlock.
        Long[] seqs = batch.records().stream().map(SyncRecord::seq).sorted().toArray(Long[]::new);
        return conn.preparedQuery(INSERT_RECEIVED).execute(Tuple.of(batch.gatewayId(), seqs, receivedAt))
                .compose(rows -> {
                    Set<Long> fresh = new HashSet<>();
                    for (Row row : rows) {
                        fresh.add(row.getLong(0));
                    }
                    Map<Tables.Table, List<Tuple>> inserts = new LinkedHashMap<>();
                    for (SyncRecord record : batch.records()) {
                        if (fresh.contains(record.seq())) {
                            Tables.Table table = Tables.of(record.payload().kind());
                            inserts.computeIfAbsent(table, t -> new ArrayList<>())
                                    .add(Tuple.wrap(Arrays.asList(table.values(batch.gatewayId(), record))));
                        }
                    }
                    Future<Void> chain = Future.succeededFuture();
                    for (Map.Entry<Tables.Table, List<Tuple>> entry : inserts.entrySet()) {
                        chain = chain.compose(v -> conn.preparedQuery(entry.getKey().insertSql(i -> "$" + i))
                                .executeBatch(entry.getValue()).mapEmpty());
                    }
                    long newest = batch.records().stream().mapToLong(r -> r.payload().time()).max().orElseThrow();
                    return chain.compose(v -> conn.preparedQuery(UPSERT_GATEWAY).execute(Tuple.of(
                                    batch.gatewayId(), receivedAt, batch.highestSeq(), newest, (long) fresh.size())))
                            .map(v -> new StoreResult(batch.highestSeq(), fresh.size(),
                                    batch.records().size() - fresh.size()));
                });
    }

    private Future<Void> ensurePartitions(Batch batch, long now) {
        LocalDate today = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        LocalDate earliest = today.minusMonths(PARTITION_PAST);
        LocalDate latest = today.plusMonths(PARTITION_AHEAD);
        Set<String> missing = new TreeSet<>();
        for (SyncRecord record : batch.records()) {
            Tables.Table table = Tables.of(record.payload().kind());
            if (!table.windowed()) {
                continue;
            }
            LocalDate month = Instant.ofEpochMilli(Tables.windowStart(record.payload())).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
            String key = table.name() + ":" + month;
            if (!month.isBefore(earliest) && !month.isAfter(latest) && !partitions.contains(key)) {
                missing.add(key);
            }
        }
        Future<Void> chain = Future.succeededFuture();
        for (String key : missing) {
            chain = chain.compose(v -> createPartition(key));
        }
        return chain;
    }

    /**
     * Creates one month's partition, serialized with other processes by an advisory lock. When the DEFAULT partition
     * already holds rows of that month PostgreSQL refuses; the month then stays in DEFAULT (logged once).
     */
    private Future<Void> createPartition(String key) {
        String table = key.substring(0, key.indexOf(':'));
        LocalDate month = LocalDate.parse(key.substring(key.indexOf(':') + 1));
        long from = month.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String name = String.format("%s_%04d%02d", table, month.getYear(), month.getMonthValue());
        return pool.withTransaction(conn -> PostgresSchema.lock(conn, "ganglion-cloud-partition", schema)
                        .compose(v -> PostgresSchema.run(conn, "CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF "
                                + table + " FOR VALUES FROM (" + from + ") TO (" + to + ")")))
                .recover(e -> {
                    LOG.warn("partition {} not created, its rows stay in {}_default: {}", name, table,
                            e.getMessage());
                    return Future.succeededFuture();
                })
                .onSuccess(v -> partitions.add(key));
    }

    @Override
    public Future<List<GatewayStatus>> gateways() {
        return pool.query("SELECT id, first_contact, last_contact, highest_seq, newest_record_time, batches, records"
                + " FROM gateways ORDER BY id").execute().map(rows -> {
                    List<GatewayStatus> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new GatewayStatus(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3),
                                r.getLong(4), r.getLong(5), r.getLong(6)));
                    }
                    return list;
                });
    }

    @Override
    public Future<JsonArray> query(RecordKind kind, RecordQuery query) {
        Tables.Table table = Tables.of(kind);
        List<Object> args = new ArrayList<>();
        String sql = table.selectSql(query, i -> "$" + i, args);
        return pool.preparedQuery(sql).execute(Tuple.wrap(args)).map(rows -> {
            JsonArray result = new JsonArray();
            for (Row row : rows) {
                try {
                    result.add(table.toJson((i, type) -> switch (type) {
                        case TEXT -> row.getString(i);
                        case LONG -> row.getLong(i);
                        case DOUBLE -> row.getDouble(i);
                    }));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return result;
        });
    }

    /** The pool, for tests that look at the tables themselves. */
    Pool pool() {
        return pool;
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }
}
