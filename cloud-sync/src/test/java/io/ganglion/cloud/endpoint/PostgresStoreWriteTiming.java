package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@link PostgresStore#store} costs per batch of 1000 summaries against the test PostgreSQL, one batch at a
 * time: wall time, JVM process CPU, event-loop CPU and the CPU of the PostgreSQL processes (from /proc, Linux only).
 * Not a test: run it by hand on a quiet machine, with the test class path, e.g.
 * <pre>
 *   java -cp cloud-sync/target/classes:cloud-sync/target/test-classes:$(cat cp.txt) \
 *       io.ganglion.cloud.endpoint.PostgresStoreWriteTiming [batches-per-run] [runs] [warm-up batches]
 * </pre>
 * The summaries are those of {@code ganglion bench sync} (64 devices, a minute each, temperature and humidity).
 */
public final class PostgresStoreWriteTiming {
    private static final int BATCH = 1000;
    private static final long T0 = 1_795_000_000_000L;
    private static final long CLOCK_TICK_NS = 10_000_000; // USER_HZ 100

    private PostgresStoreWriteTiming() {
    }

    public static void main(String[] args) throws Exception {
        int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String schema = TestPostgres.freshSchemaName("store_timing");
        Vertx vertx = Vertx.vertx();
        PostgresStore store = new PostgresStore(vertx, TestPostgres.config(schema));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long now = T0 + 20L * 24 * 3600 * 1000;
        try {
            store.start().await(60, TimeUnit.SECONDS);
            long seq = 1;
            for (int i = 0; i < warmUp; i++, seq += BATCH) {
                store.store(batch(seq), now).await(60, TimeUnit.SECONDS);
            }
            List<double[]> results = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long wall = 0;
                long jvm = 0;
                long loops = eventLoopCpu(threads);
                long pgAll = postgresCpuTicks(null);
                List<Integer> backends = backends(store.pool());
                long pgBackends = postgresCpuTicks(backends);
                for (int i = 0; i < perRun; i++, seq += BATCH) {
                    Batch batch = batch(seq);
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    store.store(batch, now).await(60, TimeUnit.SECONDS);
                    wall += System.nanoTime() - t0;
                    jvm += os.getProcessCpuTime() - cpu0;
                }
                double[] r = {
                    wall / 1e6 / perRun,
                    jvm / 1e6 / perRun,
                    (eventLoopCpu(threads) - loops) / 1e6 / perRun,
                    (postgresCpuTicks(backends) - pgBackends) * CLOCK_TICK_NS / 1e6 / perRun,
                    (postgresCpuTicks(null) - pgAll) * CLOCK_TICK_NS / 1e6 / perRun};
                results.add(r);
                System.out.printf("run %d: wall %.2f ms, jvm cpu %.2f ms, event loops %.2f ms, pg backends %.2f ms,"
                        + " all postgres %.2f ms per batch of %d%n", run + 1, r[0], r[1], r[2], r[3], r[4], BATCH);
            }
            String[] names = {"wall", "jvm_cpu", "event_loop_cpu", "pg_backend_cpu", "pg_all_cpu"};
            StringBuilder line = new StringBuilder("MEDIAN ms per batch of " + BATCH + ":");
            for (int k = 0; k < names.length; k++) {
                int column = k;
                double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
                line.append(String.format(" %s=%.2f", names[k], values[values.length / 2]));
            }
            System.out.println(line);
        } finally {
            store.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
            TestPostgres.drop(schema);
        }
    }

    private static Batch batch(long firstSeq) {
        List<SyncRecord> records = new ArrayList<>(BATCH);
        for (int k = 0; k < BATCH; k++) {
            long seq = firstSeq + k;
            records.add(new SyncRecord(seq, summary((int) (seq - 1))));
        }
        return new Batch("bench-gw", records);
    }

    /** As {@code Backlog.summary} of the bench command. */
    private static Summary summary(int i) {
        long start = T0 + (i / 64) * 60_000L;
        double base = 18 + (i % 13) * 0.37;
        return new Summary("site-12/node-" + (i % 64), i % 3 == 0 ? "humidity" : "temperature",
                i % 3 == 0 ? "%" : "Cel", start, start + 60_000, 60, base, base + 2.25, 60 * (base + 1.1), base + 0.5,
                start + 500, base + 1.75, start + 59_500);
    }

    private static long eventLoopCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-eventloop")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static List<Integer> backends(Pool pool) throws Exception {
        List<Integer> pids = new ArrayList<>();
        for (Row row : pool.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'ganglion-cloud'")
                .execute().await(20, TimeUnit.SECONDS)) {
            pids.add(row.getInteger(0));
        }
        return pids;
    }

    /** utime + stime of the given PostgreSQL processes, or of all of them when {@code pids} is null. */
    private static long postgresCpuTicks(List<Integer> pids) throws IOException {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (pids != null && !pids.contains(Integer.parseInt(proc.getFileName().toString()))) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException gone) {
                    // the process ended
                }
            }
        }
        return ticks;
    }
}
