package io.ganglion.runtime.bench;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ganglion bench cloud}: the cloud endpoint's capacity for a fleet. A {@link FleetLoad} of many gateways posts
 * batches to a real {@link CloudEndpoint} on the local PostgreSQL, as fast as the endpoint answers them, for each
 * batch size in turn; reported per size: batches and summaries per second, client-side latency, the CPU of the
 * endpoint, of PostgreSQL and of the load generator (all on the same cores), and PostgreSQL's bytes per stored
 * summary. Works in a fresh schema, dropped after.
 *
 * <p>With several requests in flight the machine saturates and the latency is mostly queueing (for the pool's
 * connections and the cores); {@code --in-flight 1} gives the latency of a batch on an otherwise idle endpoint.
 */
final class CloudLoadBenchmark {
    /** The fleet the derived figure is for: one batch a minute per gateway, 500 series each. */
    private static final int SERIES_PER_GATEWAY = 500;

    record Settings(int gateways, List<Integer> batchSizes, int inFlight, int warmupSeconds, int seconds,
                    CloudConfig.Postgres postgres) {
    }

    private final Settings settings;

    CloudLoadBenchmark(Settings settings) {
        this.settings = settings;
    }

    void run() throws Exception {
        CloudConfig.Postgres given = settings.postgres();
        String schema = "bench_cloud_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        CloudConfig.Postgres pg = new CloudConfig.Postgres(given.host(), given.port(), given.database(),
                given.user(), given.password(), given.poolSize(), schema);
        Map<String, String> tokens = new HashMap<>();
        for (int g = 0; g < settings.gateways(); g++) {
            tokens.put(FleetLoad.id(g), FleetLoad.token(g));
        }
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, null,
                new CloudConfig.Storage(pg, null), tokens, null);
        Vertx vertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(pg.host()).setPort(pg.port())
                .setDatabase(pg.database()).setUser(pg.user()).setPassword(pg.password())).using(vertx).build();
        try {
            CloudEndpoint endpoint = CloudEndpoint.start(vertx, config).await(60, TimeUnit.SECONDS);
            FleetLoad load = new FleetLoad(clientVertx, endpoint.port(), settings.gateways(), settings.inFlight());
            try {
                System.out.printf("cloud: %d gateways, at most %d requests in flight, endpoint pool of %d"
                                + " connections, schema %s; %d s warm-up and %d s measured per batch size%n",
                        settings.gateways(), settings.inFlight(), pg.poolSize(), schema, settings.warmupSeconds(),
                        settings.seconds());
                Thread client = load.thread().await(10, TimeUnit.SECONDS);
                List<FleetLoad.Phase> phases = new ArrayList<>();
                for (int size : settings.batchSizes()) {
                    phases.add(phase(load, client, pool, schema, size, pg.poolSize()));
                }
                derived(phases);
            } finally {
                load.close();
                endpoint.close().await(30, TimeUnit.SECONDS);
            }
        } finally {
            try {
                pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute().await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("cloud: could not drop schema " + schema + ": " + e.getMessage());
            }
            pool.close().await(30, TimeUnit.SECONDS);
            clientVertx.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private FleetLoad.Phase phase(FleetLoad load, Thread client, Pool pool, String schema, int size, int poolSize)
            throws Exception {
        Storage before = Storage.of(pool, schema);
        load.start(size);
        Thread.sleep(settings.warmupSeconds() * 1000L);
        CpuSample cpuBefore = CpuSample.take(client);
        load.measure();
        Thread.sleep(settings.seconds() * 1000L);
        FleetLoad.Phase phase = load.stop().await(120, TimeUnit.SECONDS);
        CpuSample cpu = CpuSample.take(client);
        Set<Long> others = otherSessions(pool);
        Storage after = Storage.of(pool, schema);
        long rows = after.rows - before.rows;
        System.out.printf(Locale.ROOT, "cloud: batch %d: %,d batches answered in %.1f s, %d errors%s; CPU in cores:"
                        + " endpoint JVM %.2f, load generator %.2f, PostgreSQL %.2f, machine %.0f %% busy%n",
                size, phase.batches(), phase.seconds(), phase.errors(),
                phase.firstError() == null ? "" : " (first: " + phase.firstError() + ")",
                cpu.processCores(cpuBefore), cpu.threadCores(cpuBefore), cpu.postgresCores(cpuBefore, others),
                cpu.machineBusyPercent(cpuBefore));
        System.out.printf(Locale.ROOT, "cloud: batch %d: %,d rows stored (%s the %,d acknowledged as stored);"
                        + " bytes per summary: summaries table %.1f + its indexes %.1f, received %.1f (with its"
                        + " key)%n",
                size, rows, rows == phase.storedAll() ? "equal to" : "NOT EQUAL to", phase.storedAll(),
                (double) (after.summariesTable - before.summariesTable) / rows,
                (double) (after.summariesIndexes - before.summariesIndexes) / rows,
                (double) (after.received - before.received) / rows);
        System.out.printf(Locale.ROOT, "RESULT cloud-load gateways=%d batch=%d in_flight=%d pool=%d"
                        + " batches_per_s=%.1f summaries_per_s=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f"
                        + " endpoint_cpu_cores=%.2f postgres_cpu_cores=%.2f loadgen_cpu_cores=%.2f"
                        + " machine_busy_pct=%.0f stored_bytes_per_summary=%.1f errors=%d%n",
                settings.gateways(), size, settings.inFlight(), poolSize, phase.batchesPerSecond(),
                phase.summariesPerSecond(), phase.percentileMillis(50), phase.percentileMillis(99),
                phase.percentileMillis(100), cpu.processCores(cpuBefore), cpu.postgresCores(cpuBefore, others),
                cpu.threadCores(cpuBefore), cpu.machineBusyPercent(cpuBefore),
                (double) (after.total() - before.total()) / rows, phase.errors());
        return phase;
    }

    /** The one figure not measured: what the measured rates would carry of a fleet sending a batch a minute. */
    private static void derived(List<FleetLoad.Phase> phases) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "DERIVED (not measured) cloud-load gateways sustainable at one batch per minute of %d series,"
                        + " = summaries_per_s / (%d/60):", SERIES_PER_GATEWAY, SERIES_PER_GATEWAY));
        for (FleetLoad.Phase phase : phases) {
            line.append(String.format(Locale.ROOT, " from_batch_%d=%.0f", phase.batch(),
                    phase.summariesPerSecond() / (SERIES_PER_GATEWAY / 60.0)));
        }
        System.out.println(line);
    }

    /** Client sessions of other applications (not the endpoint's): their CPU is not the endpoint's load. */
    private static Set<Long> otherSessions(Pool pool) throws Exception {
        Set<Long> pids = new HashSet<>();
        for (Row row : pool.query("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND application_name <> 'ganglion-cloud'").execute().await(30, TimeUnit.SECONDS)) {
            pids.add(row.getLong(0));
        }
        return pids;
    }

    /** On-disk bytes of the summaries' partitions (table and indexes) and of the dedup table, and the rows. */
    private record Storage(long summariesTable, long summariesIndexes, long summariesTotal, long received,
                           long rows) {
        long total() {
            return summariesTotal + received;
        }

        static Storage of(Pool pool, String schema) throws Exception {
            Row row = pool.query("SELECT sum(pg_relation_size(relid))::bigint,"
                    + " sum(pg_indexes_size(relid))::bigint, sum(pg_total_relation_size(relid))::bigint,"
                    + " pg_total_relation_size('" + schema + ".received'),"
                    + " (SELECT count(*) FROM " + schema + ".summaries)"
                    + " FROM pg_partition_tree('" + schema + ".summaries') WHERE isleaf")
                    .execute().await(60, TimeUnit.SECONDS).iterator().next();
            return new Storage(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }
}
