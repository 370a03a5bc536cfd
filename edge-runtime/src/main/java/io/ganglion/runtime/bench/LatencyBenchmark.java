package io.ganglion.runtime.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Latency from publish to committed at a steady rate. Publisher and gateway share one JVM and so one monotonic clock:
 * each message carries its publish time ({@code sent_us}), and a commit listener on the store computes
 * {@code now - sent_us} for every message once its transaction has committed. A warm-up at the same rate comes first
 * and is not counted: the JIT compilers take most of a core while they warm up. Heap in use is sampled every 100 ms.
 *
 * <p>Afterwards, in the same run, SQLite alone at the same rate ({@link RawSqliteLatency}) gives the floor that the
 * disk sets under any durable acknowledgement.
 */
final class LatencyBenchmark {
    private final BenchOptions options;
    private final int qos;
    private final int rate;
    private final int seconds;
    private final int devices;
    private final int warmupSeconds;

    LatencyBenchmark(BenchOptions options, int qos, int rate, int seconds, int devices, int warmupSeconds) {
        this.options = options;
        this.qos = qos;
        this.rate = rate;
        this.seconds = seconds;
        this.devices = devices;
        this.warmupSeconds = warmupSeconds;
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("ganglion-bench-latency");
        int total = rate * (seconds + warmupSeconds);
        LatencyRecorder recorder = new LatencyRecorder(rate, seconds, warmupSeconds);
        List<Long> heapSamples = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        System.out.printf("latency benchmark: QoS%d, %,d msg/s for %d s (after %d s of warm-up at the same rate) from %d "
                + "devices%n", qos, rate, seconds, warmupSeconds, devices);
        try (BenchBroker broker = BenchBroker.start(options.mosquitto(), work);
             BenchGateway gateway = BenchGateway.start(
                     BenchGateway.config(options, broker.url(), "latency-gateway", qos, devices, work),
                     recorder::committed);
             BenchPublisher publisher = new BenchPublisher(broker.url(), devices, qos, recorder.epochNanos())) {
            sampler.scheduleAtFixedRate(() -> {
                synchronized (heapSamples) {
                    heapSamples.add(memory.getHeapMemoryUsage().getUsed());
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            // Where the CPU goes while latency is measured: the profile behind the percentiles.
            AtomicReference<CpuAccount> cpu = new AtomicReference<>();
            sampler.schedule(() -> {
                cpu.set(new CpuAccount(broker.pid()));
                return null;
            }, warmupSeconds, TimeUnit.SECONDS);
            recorder.publishingStarts();
            publisher.publishAtRate(total, rate);
            gateway.awaitCommitted(total * 2L, 60);
            System.out.println("  store: " + gateway.storeSummary());
            if (cpu.get() != null) {
                System.out.println(cpu.get().report((long) rate * seconds));
            }
            System.out.println(recorder.worstPerSecond());
        } finally {
            sampler.shutdownNow();
        }
        long[] latencies = recorder.sorted();
        int n = latencies.length;
        List<Double> heapMb;
        synchronized (heapSamples) {
            heapMb = heapSamples.stream().map(b -> b / 1048576.0).toList();
        }
        System.out.printf("RESULT latency qos=%d rate=%d seconds=%d samples=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
                        + "p999_ms=%.2f max_ms=%.2f heap_used_median_mb=%.0f heap_used_max_mb=%.0f%n",
                qos, rate, seconds, n, ms(Stats.percentile(latencies, n, 50)), ms(Stats.percentile(latencies, n, 90)),
                ms(Stats.percentile(latencies, n, 99)), ms(Stats.percentile(latencies, n, 99.9)),
                ms(n == 0 ? 0 : latencies[n - 1]), Stats.median(heapMb),
                heapMb.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        RawSqliteLatency.Result raw = new RawSqliteLatency(options.synchronous(), rate, seconds, warmupSeconds)
                .run(work);
        long[] r = raw.sortedMicros();
        System.out.printf("RESULT latency-raw-sqlite rate=%d seconds=%d samples=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
                        + "p999_ms=%.2f max_ms=%.2f commits=%d slowest_commit_ms=%.2f%n",
                rate, seconds, r.length, ms(Stats.percentile(r, r.length, 50)), ms(Stats.percentile(r, r.length, 90)),
                ms(Stats.percentile(r, r.length, 99)), ms(Stats.percentile(r, r.length, 99.9)),
                ms(r.length == 0 ? 0 : r[r.length - 1]), raw.commits(), ms(raw.slowestCommitMicros()));
        BenchFiles.deleteRecursively(work);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
