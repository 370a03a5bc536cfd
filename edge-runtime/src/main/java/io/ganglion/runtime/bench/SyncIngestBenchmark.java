package io.ganglion.runtime.bench;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxSettings;
import io.ganglion.runtime.config.SyncConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ganglion bench sync-ingest}: does live ingest keep its commit latency while a sync backlog drains? Two
 * phases in one JVM, each a fresh in-process gateway (store, outbox, private Mosquitto) with its {@code sync} section
 * on, pointing at the same cloud endpoint on the local PostgreSQL (a fresh schema, dropped after):
 * <ol>
 *   <li>no backlog: live ingest at the rate, publish-to-committed latency as in {@code bench latency};</li>
 *   <li>backlog: the outbox holds {@code backlog} summaries before the gateway opens it (as after an outage or a
 *       restart), which it drains at {@code drainRecordsPerSecond} while the same live ingest is measured.</li>
 * </ol>
 * The sync status is read every 5 s in both phases through {@code GET /api/v1/sync}: the drain rate is the records
 * acknowledged from the end of the warm-up to the end of publishing (or to the read that found the backlog drained).
 * When the backlog empties before publishing ends, the latency that counts against the target is that of the
 * messages published up to the last read that still saw it draining ({@code p99_while_draining}). The machine is shared: each phase's CPU account
 * also says what everything else on it took ({@code other_load_cores}); the phases compare only when those are
 * alike.
 *
 * <p>A subcommand of its own rather than options on {@code bench latency} or {@code bench sync}: its result is the
 * comparison of two phases, which neither of them has, and it needs both the broker and PostgreSQL.
 */
final class SyncIngestBenchmark {
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final long OUTBOX_QUOTA = 4L << 30; // the backlog must fit: nothing sacrificed
    private static final int STATUS_PERIOD_SECONDS = 5;

    /** What one run measures; {@code raw} adds the floors (SQLite alone at the rate, PostgreSQL alone). */
    record Load(BenchOptions options, int qos, int rate, int seconds, int warmupSeconds, int devices, int backlog,
                int drainPerSecond, int batch, boolean raw) {
    }

    private final Load load;
    private final CloudConfig.Postgres postgres;

    SyncIngestBenchmark(Load load, CloudConfig.Postgres postgres) {
        this.load = load;
        this.postgres = postgres;
    }

    void run() throws Exception {
        System.out.printf("sync-ingest benchmark: QoS%d, %,d msg/s for %d s after %d s of warm-up, %d devices; backlog"
                        + " %,d summaries, drainRecordsPerSecond %,d, batches of %,d%n", load.qos(), load.rate(),
                load.seconds(), load.warmupSeconds(), load.devices(), load.backlog(), load.drainPerSecond(),
                load.batch());
        BenchPostgres pg = new BenchPostgres(postgres, "bench_sync_ingest");
        Vertx cloudVertx = Vertx.vertx();
        Path work = Files.createTempDirectory("ganglion-bench-sync-ingest");
        try {
            Phase idle;
            Phase draining;
            CloudEndpoint endpoint = pg.startEndpoint(cloudVertx, Map.of("bench-idle", TOKEN, "bench-backlog", TOKEN));
            try {
                SyncConfig sync = new SyncConfig(true, endpoint.url(), TOKEN, null,
                        new SyncConfig.OutboxConfig(null, OUTBOX_QUOTA), null, null,
                        new SyncConfig.BatchConfig(load.batch(), null, null), load.drainPerSecond(), null);
                // Filled before either phase, so that neither measures the filling's disk writes and garbage.
                fillOutbox(sync, Files.createDirectories(work.resolve("backlog")));
                idle = phase("no backlog", "bench-idle", sync, Files.createDirectories(work.resolve("no-backlog")));
                draining = phase("backlog", "bench-backlog", sync, work.resolve("backlog"));
            } finally {
                endpoint.close().await(30, TimeUnit.SECONDS);
            }
            report(idle, draining, load.raw() ? rawSqliteP99(work) : Double.NaN,
                    load.raw() ? pg.rawInserts(cloudVertx, Math.min(load.backlog(), 200_000), load.batch())
                            : Double.NaN);
        } finally {
            pg.dropSchemas(cloudVertx);
            cloudVertx.close().await(30, TimeUnit.SECONDS);
            BenchFiles.deleteRecursively(work);
        }
    }

    /**
     * The backlog goes into the very file the gateway of {@code dir} will open as its outbox: at start it is backlog
     * to drain.
     */
    private void fillOutbox(SyncConfig sync, Path dir) throws Exception {
        Path file = sync.outboxFile(BenchGateway.storeFile(dir));
        try (Outbox outbox = Outbox.open(new OutboxSettings(file, sync.outbox().quotaBytes(),
                OutboxSettings.DEFAULT_MAX_PENDING), Clock.systemUTC()).toCompletableFuture().get()) {
            Backlog.append(outbox, load.backlog());
        }
    }

    /** A gateway configured for sync as a real one is, with its store and outbox in {@code dir}, under load. */
    private Phase phase(String name, String gatewayId, SyncConfig sync, Path dir) throws Exception {
        System.out.println("phase: " + name);
        int total = load.rate() * (load.seconds() + load.warmupSeconds());
        LatencyRecorder recorder = new LatencyRecorder(load.rate(), load.seconds(), load.warmupSeconds());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        List<SyncProbe.Status> statuses = new ArrayList<>();
        AtomicReference<CpuAccount> cpu = new AtomicReference<>();
        String store;
        SyncProbe.Status end;
        long gatewayStart;
        try (BenchBroker broker = BenchBroker.start(load.options().mosquitto(), dir);
             BenchGateway gateway = BenchGateway.start(BenchGateway.config(load.options(), gatewayId,
                     broker.url(), gatewayId, load.qos(), load.devices(), dir).withSync(sync), recorder::committed);
             BenchPublisher publisher = new BenchPublisher(broker.url(), load.devices(), load.qos(),
                     recorder.epochNanos())) {
            gatewayStart = System.nanoTime(); // about when the uplink started draining
            SyncProbe probe = new SyncProbe(gateway.gateway().httpPort());
            sampler.schedule(() -> {
                cpu.set(new CpuAccount(broker.pid(), "postgres"));
                return null;
            }, load.warmupSeconds(), TimeUnit.SECONDS);
            // The first read at the end of the warm-up: the drain rate counts from there.
            sampler.scheduleAtFixedRate(() -> {
                try {
                    SyncProbe.Status s = probe.read();
                    synchronized (statuses) {
                        statuses.add(s);
                    }
                    System.out.printf("  %3.0f s: %,d acknowledged in %,d batches, %,d left%s, %s%n",
                            (s.nanos() - gatewayStart) / 1e9, s.acked(), s.batches(), s.backlog(),
                            s.draining() ? ", draining" : "", s.state());
                } catch (Exception e) {
                    System.out.println("  sync status not available: " + e);
                }
            }, load.warmupSeconds(), STATUS_PERIOD_SECONDS, TimeUnit.SECONDS);
            recorder.publishingStarts();
            publisher.publishAtRate(total, load.rate());
            end = probe.read();
            sampler.shutdown(); // no more reads; one in progress finishes
            gateway.awaitCommitted(total * 2L, 60);
            store = gateway.storeSummary();
            if (cpu.get() != null) {
                System.out.println(cpu.get().report((long) load.rate() * load.seconds()));
            }
            System.out.println(recorder.worstPerSecond());
        } finally {
            sampler.shutdownNow();
        }
        System.out.println("  store: " + store);
        synchronized (statuses) {
            // Only the messages published while the backlog was certainly still draining: up to the last status
            // read that said so (reads are 5 s apart, so this errs on the side of too few, never of idle time).
            long drainingUntil = end.draining() ? Long.MAX_VALUE : statuses.stream().filter(SyncProbe.Status::draining)
                    .mapToLong(SyncProbe.Status::nanos).max().orElse(Long.MIN_VALUE);
            long[] whileDraining = drainingUntil == Long.MAX_VALUE ? recorder.sorted()
                    : drainingUntil == Long.MIN_VALUE ? new long[0] : recorder.sortedPublishedBefore(drainingUntil);
            return new Phase(recorder.sorted(), whileDraining, gatewayStart,
                    statuses.isEmpty() ? end : statuses.get(0), end,
                    statuses.stream().filter(s -> !s.draining()).findFirst().orElse(end.draining() ? null : end),
                    cpu.get() == null ? Double.NaN : cpu.get().othersCores());
        }
    }

    /** SQLite alone at the same rate: the floor under any durable acknowledgement on this disk. */
    private double rawSqliteP99(Path work) throws Exception {
        long[] r = new RawSqliteLatency(load.options().synchronous(), load.rate(), load.seconds(),
                load.warmupSeconds()).run(work).sortedMicros();
        return Stats.percentile(r, r.length, 99) / 1000.0;
    }

    private void report(Phase idle, Phase draining, double rawSqliteP99, double rawPostgres) {
        System.out.println("  no backlog: " + idle.describe());
        System.out.println("  backlog:    " + draining.describe());
        System.out.printf("RESULT sync-ingest rate=%d qos=%d seconds=%d backlog=%d drain_limit_per_s=%d"
                        + " p99_no_backlog_ms=%.2f p99_backlog_ms=%.2f p99_ratio=%.2f"
                        + " p99_while_draining_ms=%.2f (%d samples) p99_ratio_while_draining=%.2f (target <= 2.0)"
                        + " p50_no_backlog_ms=%.2f p50_backlog_ms=%.2f max_no_backlog_ms=%.2f max_backlog_ms=%.2f"
                        + " drain_per_s=%.0f (target >= 20000) records_per_batch=%.0f backlog_emptied=%s left=%d"
                        + " raw_sqlite_p99_ms=%.2f raw_postgres_per_s=%.0f"
                        + " other_load_cores_no_backlog=%.2f other_load_cores_backlog=%.2f%n",
                load.rate(), load.qos(), load.seconds(), load.backlog(), load.drainPerSecond(), idle.p(99),
                draining.p(99), draining.p(99) / idle.p(99), draining.pWhileDraining(99),
                draining.whileDraining().length, draining.pWhileDraining(99) / idle.p(99), idle.p(50), draining.p(50), idle.max(), draining.max(),
                draining.drainPerSecond(), draining.end().recordsPerBatchSince(draining.start()),
                draining.emptiedWhen(), draining.end().backlog(), rawSqliteP99, rawPostgres, idle.othersCores(),
                draining.othersCores());
    }

    /**
     * One phase's measured latencies (microseconds, sorted), when its gateway started, and its sync statuses: at the
     * end of the warm-up, at the end of publishing, and the first read that found the backlog drained (null if none
     * did).
     */
    private record Phase(long[] latencies, long[] whileDraining, long gatewayStart, SyncProbe.Status start,
                         SyncProbe.Status end, SyncProbe.Status emptied, double othersCores) {
        double p(double percentile) {
            return Stats.percentile(latencies, latencies.length, percentile) / 1000.0;
        }

        /** The percentile over the messages published while the backlog drained; NaN when there were none. */
        double pWhileDraining(double percentile) {
            return whileDraining.length == 0 ? Double.NaN
                    : Stats.percentile(whileDraining, whileDraining.length, percentile) / 1000.0;
        }

        double max() {
            return latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0;
        }

        /** Acknowledged per second while measured, up to the read that found it drained if it drained meanwhile. */
        double drainPerSecond() {
            return (emptied != null && emptied.nanos() < end.nanos() ? emptied : end).ackedPerSecondSince(start);
        }

        /** {@code before} (the measurement had no backlog to compete with), {@code after N s} or {@code no}. */
        String emptiedWhen() {
            if (!start.draining()) {
                return "before";
            }
            return emptied == null ? "no" : String.format(java.util.Locale.ROOT, "after_%.0f_s",
                    (emptied.nanos() - gatewayStart) / 1e9);
        }

        String describe() {
            double seconds = (end.nanos() - gatewayStart) / 1e9;
            return String.format(java.util.Locale.ROOT, "%d samples, p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                            + " %.0f records acknowledged/s while measured, %.0f per batch; %,d acknowledged in %.0f s"
                            + " since the gateway started (%.0f/s), %,d left, backlog emptied: %s", latencies.length,
                    p(50), p(99), max(), drainPerSecond(), end.recordsPerBatchSince(start), end.acked(), seconds,
                    end.acked() / seconds, end.backlog(), emptiedWhen());
        }
    }
}
