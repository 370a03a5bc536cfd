package io.ganglion.runtime.bench;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxSettings;
import io.ganglion.cloud.sync.SyncStatus;
import io.ganglion.cloud.sync.UplinkClient;
import io.ganglion.cloud.sync.UplinkSettings;
import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ganglion bench sync}: after an outage, how fast a backlog of summaries drains from the gateway's outbox
 * through the uplink client to the cloud endpoint on a local PostgreSQL, against PostgreSQL alone taking the same
 * rows (multi-row inserts of the same batch size, one transaction per batch, from one connection like the endpoint's
 * one transaction per batch); and the bytes on the wire per summary. Each run works in a fresh schema, dropped
 * after.
 */
final class SyncDrainBenchmark {
    private static final long T0 = 1_795_000_000_000L;
    private static final String TOKEN = "bench-token-0123456789abcdef";

    private final int records;
    private final int batch;
    private final int inFlight;
    private final CloudConfig.Postgres postgres;

    SyncDrainBenchmark(int records, int batch, int inFlight, CloudConfig.Postgres postgres) {
        this.records = records;
        this.batch = batch;
        this.inFlight = inFlight;
        this.postgres = postgres;
    }

    static Summary summary(int i) {
        long start = T0 + (i / 64) * 60_000L;
        double base = 18 + (i % 13) * 0.37;
        return new Summary("site-12/node-" + (i % 64), i % 3 == 0 ? "humidity" : "temperature",
                i % 3 == 0 ? "%" : "Cel", start, start + 60_000, 60, base, base + 2.25, 60 * (base + 1.1), base + 0.5,
                start + 500, base + 1.75, start + 59_500);
    }

    void run() throws Exception {
        String schema = "bench_sync_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        CloudConfig.Postgres pg = new CloudConfig.Postgres(postgres.host(), postgres.port(), postgres.database(),
                postgres.user(), postgres.password(), postgres.poolSize(), schema);
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("ganglion-bench-sync");
        try {
            double raw = rawPostgres(vertx, schema + "_raw");
            CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, 64L * 1024 * 1024,
                    new CloudConfig.Storage(pg, null), Map.of("bench-gw", TOKEN), null);
            CloudEndpoint endpoint = CloudEndpoint.start(vertx, config).await(60, TimeUnit.SECONDS);
            try (Outbox outbox = Outbox.open(new OutboxSettings(dir.resolve("outbox.db"), 4L << 30,
                    OutboxSettings.DEFAULT_MAX_PENDING), Clock.systemUTC()).toCompletableFuture().get()) {
                long appendStart = System.nanoTime();
                for (int from = 0; from < records; from += 10_000) {
                    List<Payload> chunk = new ArrayList<>();
                    for (int i = from; i < Math.min(records, from + 10_000); i++) {
                        chunk.add(summary(i));
                    }
                    outbox.append(chunk.toArray(Payload[]::new)).toCompletableFuture().get();
                }
                double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
                System.out.printf("sync: %,d summaries appended to the outbox in %.1f s (%.0f/s)%n", records,
                        appendSeconds, records / appendSeconds);

                UplinkSettings settings = UplinkSettings.of(URI.create(endpoint.url()), "bench-gw", TOKEN)
                        .withBatch(batch, 8 * 1024 * 1024).withDrain(1_000_000_000).withInFlight(inFlight);
                UplinkClient client = new UplinkClient(vertx, outbox, settings, Clock.systemUTC());
                long start = System.nanoTime();
                client.start();
                long lastPrint = start;
                while (true) {
                    SyncStatus status = client.status().await(30, TimeUnit.SECONDS);
                    if (status.backlogRecords() == 0 && status.inFlightRecords() == 0) {
                        break;
                    }
                    if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                        lastPrint = System.nanoTime();
                        System.out.printf("  %,d acknowledged, %,d left%n", status.ackedRecords(),
                                status.backlogRecords());
                    }
                    Thread.sleep(1000); // a status is a scan of the outbox: do not slow the drain by asking
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                client.stop().await(30, TimeUnit.SECONDS);
                double bytesPerSummary = wireBytesPerSummary(settings);
                System.out.printf("RESULT sync-drain records=%d batch=%d in_flight=%d drain_per_s=%.0f"
                                + " seconds=%.1f raw_postgres_per_s=%.0f ratio=%.2f wire_bytes_per_summary=%.1f"
                                + " (%s%s)%n",
                        records, batch, inFlight, records / seconds, seconds, raw, records / seconds / raw,
                        bytesPerSummary, settings.format(), settings.gzip() ? "+gzip" : "");
            } finally {
                endpoint.close().await(30, TimeUnit.SECONDS);
            }
        } finally {
            dropSchema(vertx, schema);
            dropSchema(vertx, schema + "_raw");
            vertx.close().await(30, TimeUnit.SECONDS);
            BenchFiles.deleteRecursively(dir);
        }
    }

    /** What a batch of the benchmark's size weighs on the wire, per summary, in the client's encoding. */
    private double wireBytesPerSummary(UplinkSettings settings) {
        List<SyncRecord> sample = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            sample.add(new SyncRecord(i + 1, summary(i)));
        }
        return (double) BatchCodec.encode(new Batch("bench-gw", sample), settings.format(), settings.gzip()).length
                / batch;
    }

    private Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(postgres.host())
                .setPort(postgres.port()).setDatabase(postgres.database()).setUser(postgres.user())
                .setPassword(postgres.password())).using(vertx).build();
    }

    /** PostgreSQL alone: the same rows, in batches of the same size, one transaction each, into a plain table. */
    private double rawPostgres(Vertx vertx, String schema) throws Exception {
        Pool pool = pool(vertx);
        try {
            pool.query("CREATE SCHEMA " + schema).execute().await(30, TimeUnit.SECONDS);
            pool.query("CREATE TABLE " + schema + ".raw_summaries (gateway text, seq bigint, device text,"
                    + " metric text, unit text, window_start bigint, window_end bigint, count bigint,"
                    + " min double precision, max double precision, sum double precision, first double precision,"
                    + " first_time bigint, last double precision, last_time bigint, PRIMARY KEY (gateway, seq))")
                    .execute().await(30, TimeUnit.SECONDS);
            String insert = "INSERT INTO " + schema + ".raw_summaries VALUES"
                    + " ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)";
            long start = System.nanoTime();
            for (int from = 0; from < records; from += batch) {
                List<Tuple> rows = new ArrayList<>(batch);
                for (int i = from; i < Math.min(records, from + batch); i++) {
                    Summary s = summary(i);
                    rows.add(Tuple.of("bench-gw", (long) i + 1, s.device(), s.metric(), s.unit(), s.windowStart(),
                            s.windowEnd()).addLong(s.count()).addDouble(s.min()).addDouble(s.max())
                            .addDouble(s.sum()).addDouble(s.first()).addLong(s.firstTime()).addDouble(s.last())
                            .addLong(s.lastTime()));
                }
                pool.withTransaction(connection -> connection.preparedQuery(insert).executeBatch(rows))
                        .await(60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sync: PostgreSQL alone took %,d rows in %.1f s%n", records, seconds);
            return records / seconds;
        } finally {
            pool.close().await(30, TimeUnit.SECONDS);
        }
    }

    private void dropSchema(Vertx vertx, String schema) throws Exception {
        Pool pool = pool(vertx);
        try {
            pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute().await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("sync: could not drop schema " + schema + ": " + e.getMessage());
        } finally {
            pool.close().await(30, TimeUnit.SECONDS);
        }
    }
}
