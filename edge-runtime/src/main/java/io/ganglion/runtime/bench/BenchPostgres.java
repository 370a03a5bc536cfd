package io.ganglion.runtime.bench;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.ganglion.cloud.wire.Summary;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local PostgreSQL of the sync benchmarks: a fresh schema per run (named {@code prefix_} and a random suffix),
 * the cloud endpoint on it, PostgreSQL alone taking the same rows, and the schemas dropped at the end.
 */
final class BenchPostgres {
    private final CloudConfig.Postgres postgres;
    private final String schema;

    /** {@code postgres} without a schema: each instance works in a schema of its own. */
    BenchPostgres(CloudConfig.Postgres postgres, String prefix) {
        this.schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.postgres = new CloudConfig.Postgres(postgres.host(), postgres.port(), postgres.database(),
                postgres.user(), postgres.password(), postgres.poolSize(), schema);
    }

    /** The cloud endpoint on a free loopback port, storing into this run's schema, knowing these gateways. */
    CloudEndpoint startEndpoint(Vertx vertx, Map<String, String> gatewayTokens) throws Exception {
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, 64L * 1024 * 1024,
                new CloudConfig.Storage(postgres, null), gatewayTokens, null);
        return CloudEndpoint.start(vertx, config).await(60, TimeUnit.SECONDS);
    }

    private Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(postgres.host())
                .setPort(postgres.port()).setDatabase(postgres.database()).setUser(postgres.user())
                .setPassword(postgres.password())).using(vertx).build();
    }

    /**
     * PostgreSQL alone: the summaries {@link Backlog#summary} 0 .. records-1, in batches of {@code batch}, one transaction
     * each (prepared multi-row batches from one connection, like the endpoint's one transaction per batch), into a
     * plain table in a schema of their own. Rows per second.
     */
    double rawInserts(Vertx vertx, int records, int batch) throws Exception {
        String raw = schema + "_raw";
        Pool pool = pool(vertx);
        try {
            pool.query("CREATE SCHEMA " + raw).execute().await(30, TimeUnit.SECONDS);
            pool.query("CREATE TABLE " + raw + ".raw_summaries (gateway text, seq bigint, device text,"
                    + " metric text, unit text, window_start bigint, window_end bigint, count bigint,"
                    + " min double precision, max double precision, sum double precision, first double precision,"
                    + " first_time bigint, last double precision, last_time bigint, PRIMARY KEY (gateway, seq))")
                    .execute().await(30, TimeUnit.SECONDS);
            String insert = "INSERT INTO " + raw + ".raw_summaries VALUES"
                    + " ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)";
            long start = System.nanoTime();
            for (int from = 0; from < records; from += batch) {
                List<Tuple> rows = new ArrayList<>(batch);
                for (int i = from; i < Math.min(records, from + batch); i++) {
                    Summary s = Backlog.summary(i);
                    rows.add(Tuple.of("bench-gw", (long) i + 1, s.device(), s.metric(), s.unit(), s.windowStart(),
                            s.windowEnd()).addLong(s.count()).addDouble(s.min()).addDouble(s.max())
                            .addDouble(s.sum()).addDouble(s.first()).addLong(s.firstTime()).addDouble(s.last())
                            .addLong(s.lastTime()));
                }
                pool.withTransaction(connection -> connection.preparedQuery(insert).executeBatch(rows))
                        .await(60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  PostgreSQL alone took %,d rows in %.1f s%n", records, seconds);
            return records / seconds;
        } finally {
            pool.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** Drops this run's schemas (the endpoint's and the raw one); a failure is printed, not thrown. */
    void dropSchemas(Vertx vertx) throws Exception {
        Pool pool = pool(vertx);
        try {
            for (String s : List.of(schema, schema + "_raw")) {
                try {
                    pool.query("DROP SCHEMA IF EXISTS " + s + " CASCADE").execute().await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.out.println("could not drop schema " + s + ": " + e.getMessage());
                }
            }
        } finally {
            pool.close().await(30, TimeUnit.SECONDS);
        }
    }
}
