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
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ganglion bench sync}: after an outage, how fast a backlog of summaries drains from the gateway's outbox
 * through the uplink client to the cloud endpoint on a local PostgreSQL, against PostgreSQL alone taking the same
 * rows (multi-row inserts of the same batch size, one transaction per batch, from one connection like the endpoint's
 * one transaction per batch); and the bytes on the wire per summary. Each run works in a fresh schema, dropped
 * after.
 */
final class SyncDrainBenchmark {
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

    void run() throws Exception {
        BenchPostgres pg = new BenchPostgres(postgres, "bench_sync");
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("ganglion-bench-sync");
        try {
            double raw = pg.rawInserts(vertx, records, batch);
            CloudEndpoint endpoint = pg.startEndpoint(vertx, Map.of("bench-gw", TOKEN));
            try (Outbox outbox = Outbox.open(new OutboxSettings(dir.resolve("outbox.db"), 4L << 30,
                    OutboxSettings.DEFAULT_MAX_PENDING), Clock.systemUTC()).toCompletableFuture().get()) {
                Backlog.append(outbox, records);
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
            pg.dropSchemas(vertx);
            vertx.close().await(30, TimeUnit.SECONDS);
            BenchFiles.deleteRecursively(dir);
        }
    }

    /** What a batch of the benchmark's size weighs on the wire, per summary, in the client's encoding. */
    private double wireBytesPerSummary(UplinkSettings settings) {
        List<SyncRecord> sample = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            sample.add(new SyncRecord(i + 1, Backlog.summary(i)));
        }
        return (double) BatchCodec.encode(new Batch("bench-gw", sample), settings.format(), settings.gzip()).length
                / batch;
    }
}
