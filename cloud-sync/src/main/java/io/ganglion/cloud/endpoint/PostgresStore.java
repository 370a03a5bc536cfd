package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
    private static final String CHECK_VIOLATION = "23514";

    private final Pool pool;
    private final String schema;
    /**
     * Partitions created or being created by this process: a batch that needs one being created waits for it instead
     * of creating it again. Succeeded: it exists (or cannot, see {@link #createPartition}); failed: to be tried again.
     */
    private final Map<Partition, Future<Void>> partitions = new ConcurrentHashMap<>();

    public PostgresStore(Vertx vertx, CloudConfig.Postgres config) {
        this.schema = config.schema();
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(config.host()).setPort(config.port()).setDatabase(config.database())
                .setUser(config.user()).setPassword(config.password())
                .setCachePreparedStatements(true)
                // The batch statements are up to ~2,700 characters; longer than the default limit, they would be
                // parsed and planned again for every batch.
                .setPreparedStatementCacheSqlLimit(PostgresBatchWrite.LONGEST_SQL);
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
        // The batch is one statement, so one transaction of its own (no BEGIN and COMMIT round trips): all of it
        // or nothing is stored, and its answer comes after the commit.
        return ensurePartitions(batch, receivedAt).compose(v -> {
            PostgresBatchWrite.Statement write = PostgresBatchWrite.of(batch, receivedAt);
            return pool.preparedQuery(write.sql()).execute(write.parameters()).map(rows -> {
                int stored = rows.iterator().next().getLong(0).intValue();
                return new StoreResult(write.highestSeq(), stored, batch.records().size() - stored);
            });
        });
    }

    /**
     * Creates the partitions the batch's windowed records need and that are not known yet. A batch usually spans one
     * or two months: the month of the previous record is checked by two comparisons, a month is looked up in
     * {@link #partitions} only when the records move to another one.
     */
    private Future<Void> ensurePartitions(Batch batch, long now) {
        YearMonth current = YearMonth.from(Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC));
        long earliest = startOf(current.minusMonths(PARTITION_PAST));
        long latest = startOf(current.plusMonths(PARTITION_AHEAD + 1));
        Set<Partition> missing = null;
        // Per windowed table (summaries, detection counts): the month of its previous record, [from, to).
        long[] from = new long[2];
        long[] to = new long[2];
        for (SyncRecord record : batch.records()) {
            Tables.Table table = Tables.of(record.payload().kind());
            if (!table.windowed()) {
                continue;
            }
            int t = table == Tables.SUMMARIES ? 0 : 1;
            long start = Tables.windowStart(record.payload());
            if (start >= from[t] && start < to[t]) {
                continue;
            }
            YearMonth month = YearMonth.from(Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC));
            from[t] = startOf(month);
            to[t] = startOf(month.plusMonths(1));
            Partition partition = new Partition(table.name(), month);
            Future<Void> known = partitions.get(partition);
            if (from[t] >= earliest && from[t] < latest && (known == null || !known.succeeded())) {
                if (missing == null) {
                    missing = new TreeSet<>();
                }
                missing.add(partition);
            }
        }
        Future<Void> chain = Future.succeededFuture();
        if (missing != null) {
            for (Partition partition : missing) {
                chain = chain.compose(v -> partitions.compute(partition, (p, creating) ->
                        creating == null || creating.failed() ? createPartition(p) : creating));
            }
        }
        return chain;
    }

    private static long startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** A month's partition of a windowed table; ordered so that batches create partitions in the same order. */
    private record Partition(String table, YearMonth month) implements Comparable<Partition> {
        @Override
        public int compareTo(Partition other) {
            int byTable = table.compareTo(other.table);
            return byTable != 0 ? byTable : month.compareTo(other.month);
        }
    }

    /**
     * Creates one month's partition, serialized with other processes by an advisory lock. When the DEFAULT partition
     * already holds rows of that month PostgreSQL refuses (check_violation); the month then stays in DEFAULT (logged
     * once). Any other failure fails the batch, and the next batch of that month tries again.
     */
    private Future<Void> createPartition(Partition partition) {
        String table = partition.table();
        long from = startOf(partition.month());
        long to = startOf(partition.month().plusMonths(1));
        String name = String.format("%s_%04d%02d", table, partition.month().getYear(),
                partition.month().getMonthValue());
        return pool.withTransaction(conn -> PostgresSchema.lock(conn, "ganglion-cloud-partition", schema)
                        // Another process may have created it: no NOTICE "already exists, skipping" in the log.
                        .compose(v -> PostgresSchema.run(conn, "SET LOCAL client_min_messages TO warning"))
                        .compose(v -> PostgresSchema.run(conn, "CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF "
                                + table + " FOR VALUES FROM (" + from + ") TO (" + to + ")")))
                .recover(e -> {
                    if (!(e instanceof PgException pg) || !CHECK_VIOLATION.equals(pg.getSqlState())) {
                        return Future.failedFuture(e);
                    }
                    LOG.warn("partition {} not created, its rows stay in {}_default: {}", name, table,
                            e.getMessage());
                    return Future.succeededFuture();
                });
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
