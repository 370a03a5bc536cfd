package io.ganglion.runtime.store;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.config.StoreConfig.SyncMode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ch.qos.logback.classic.Level;

/**
 * A command-line measurement of the store's write path, not a test: N messages of 2 readings from 10 devices are
 * offered through {@link LocalStore#offer} as fast as the queue takes them, timed until every future has completed.
 * Reports readings/s and CPU time per 100k readings of the writer thread, of the store's other threads (the WAL
 * checkpointer) and of the whole process (which includes this producer, GC and JIT). The median of {@code --runs}
 * runs follows {@code --warmups} discarded runs; each run starts from an empty database in a fresh temporary
 * directory.
 *
 * <pre>
 * mvn -q -B -o -pl edge-runtime -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test.classpath
 * java -cp edge-runtime/target/test-classes:edge-runtime/target/classes:$(cat edge-runtime/target/test.classpath) \
 *     io.ganglion.runtime.store.StoreWriteMeasurement --messages 100000 --runs 5 [--warmups 2] [--batch 5000] \
 *     [--sync FULL] [--checkpoint-ms 1000]
 * </pre>
 */
final class StoreWriteMeasurement {
    private static final int DEVICES = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static Duration checkpointInterval;

    record Result(long readings, double seconds, long writerCpuNanos, long writerUserNanos, long otherStoreCpuNanos,
                  long processCpuNanos, long commits, double commitMeanMillis, double commitMaxMillis) {
        double readingsPerSecond() {
            return readings / seconds;
        }

        double per100k(long nanos) {
            return nanos / 1e6 * 100_000 / readings;
        }

        String line() {
            return String.format("%,9.0f readings/s | CPU ms per 100k readings: writer %6.1f (user %6.1f), "
                            + "checkpointer %5.1f, process %6.1f | %,d commits, %,.0f readings/commit, "
                            + "commit ms mean %.2f max %.1f",
                    readingsPerSecond(), per100k(writerCpuNanos), per100k(writerUserNanos),
                    per100k(otherStoreCpuNanos), per100k(processCpuNanos), commits,
                    (double) readings / commits, commitMeanMillis, commitMaxMillis);
        }
    }

    private StoreWriteMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.parseInt(option(args, "--messages", "100000"));
        int runs = Integer.parseInt(option(args, "--runs", "5"));
        int warmups = Integer.parseInt(option(args, "--warmups", "2"));
        int batch = Integer.parseInt(option(args, "--batch", String.valueOf(StoreConfig.DEFAULT_BATCH_MAX_READINGS)));
        SyncMode sync = SyncMode.valueOf(option(args, "--sync", "FULL"));
        checkpointInterval = Duration.ofMillis(Long.parseLong(option(args, "--checkpoint-ms",
                String.valueOf(WalCheckpointer.DEFAULT_INTERVAL.toMillis()))));
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        // The store logs every open and close at INFO; keep the output to the figures.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.out.printf("store write measurement: %,d messages x 2 readings, %d devices, batchMaxReadings %d, "
                + "synchronous %s, checkpoints every %d ms, %d runs after %d warm-up runs%n", messages, DEVICES, batch,
                sync, checkpointInterval.toMillis(), runs, warmups);

        for (int i = 0; i < warmups; i++) {
            runOnce(messages, batch, sync); // until the JIT has compiled the write path; not reported
        }
        List<Result> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Result r = runOnce(messages, batch, sync);
            results.add(r);
            System.out.println("run " + i + ": " + r.line());
        }
        System.out.println("median: " + median(results).line());
    }

    private static Result runOnce(int messages, int batch, SyncMode sync) throws Exception {
        List<StoreWrite.Readings> writes = messages(messages); // built before timing: the producer is not measured
        Path dir = Files.createTempDirectory("ganglion-store-measurement");
        StoreConfig cfg = new StoreConfig(dir.resolve("measure.db"), null, null, batch, null, sync, null);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LocalStore store = LocalStore.open(cfg, registry, Clock.systemUTC(), checkpointInterval)) {
            long writerBefore = storeCpu(true, false);
            long writerUserBefore = storeCpu(true, true);
            long otherBefore = storeCpu(false, false);
            long processBefore = processCpu();
            long start = System.nanoTime();
            for (StoreWrite.Readings w : writes) {
                while (!store.offer(w)) {
                    if (!store.awaitCapacity(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the store took nothing for 30 s");
                    }
                }
            }
            CompletableFuture.allOf(writes.stream().map(StoreWrite::done).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long writer = storeCpu(true, false) - writerBefore;
            long writerUser = storeCpu(true, true) - writerUserBefore;
            long other = storeCpu(false, false) - otherBefore;
            long process = processCpu() - processBefore;
            long commits = (long) registry.get("ganglion.store.commits").counter().count();
            Timer commitTime = registry.get("ganglion.store.commit").timer();
            return new Result(messages * 2L, seconds, writer, writerUser, other, process, commits,
                    commitTime.mean(TimeUnit.MILLISECONDS), commitTime.max(TimeUnit.MILLISECONDS));
        } finally {
            deleteTree(dir);
        }
    }

    private static List<StoreWrite.Readings> messages(int count) {
        List<StoreWrite.Readings> out = new ArrayList<>(count);
        long t0 = System.currentTimeMillis() - count;
        for (int i = 0; i < count; i++) {
            String device = "sensor-" + (i % DEVICES);
            long ts = t0 + i;
            out.add(StoreWrite.readings(device, "mqtt", "json-telemetry", ts, List.of(
                    new Reading(device, "temperature", ts, 20 + (i % 100) / 10.0, "Cel", Quality.GOOD),
                    new Reading(device, "humidity", ts, 40 + (i % 50), "%", Quality.GOOD))));
        }
        return out;
    }

    /** CPU (or only user-mode) time of the live writer thread, or of the store's other live threads. */
    private static long storeCpu(boolean writer, boolean userOnly) {
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            boolean isWriter = t.getName().equals(StoreWriter.THREAD_NAME);
            if (t.getName().startsWith("ganglion-store") && isWriter == writer) {
                long nanos = userOnly ? THREADS.getThreadUserTime(t.getId()) : THREADS.getThreadCpuTime(t.getId());
                total += Math.max(0, nanos);
            }
        }
        return total;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Each figure's own median across the runs (so the line may mix runs); readings are the same in every run. */
    private static Result median(List<Result> results) {
        long readings = results.get(0).readings();
        return new Result(readings, median(results, r -> r.seconds()),
                (long) median(results, r -> r.writerCpuNanos()), (long) median(results, r -> r.writerUserNanos()),
                (long) median(results, r -> r.otherStoreCpuNanos()),
                (long) median(results, r -> r.processCpuNanos()), (long) median(results, r -> r.commits()),
                median(results, Result::commitMeanMillis), median(results, Result::commitMaxMillis));
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
        double[] values = results.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
