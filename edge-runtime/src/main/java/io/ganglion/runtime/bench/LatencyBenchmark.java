package io.ganglion.runtime.bench;

import io.ganglion.profiles.Reading;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Latency from publish to committed at a steady rate. Publisher and gateway share one JVM and so one monotonic clock:
 * each message carries its publish time ({@code sent_us}), and a commit listener on the store computes
 * {@code now - sent_us} for every message once its transaction has committed. A warm-up at the same rate comes first
 * and is
 * not counted: the JIT compilers take most of a core while they warm up. Heap in use is sampled every 100 ms.
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
        long epoch = System.nanoTime();
        long warmupMicros = warmupSeconds * 1_000_000L;
        int measured = rate * seconds;
        int total = rate * (seconds + warmupSeconds);
        long[] latencies = new long[measured];
        int[] count = new int[1];
        List<Long> heapSamples = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        System.out.printf("latency benchmark: QoS%d, %,d msg/s for %d s (after %d s of warm-up at the same rate) from %d "
                + "devices%n", qos, rate, seconds, warmupSeconds, devices);
        try (BenchBroker broker = BenchBroker.start(options.mosquitto(), work);
             BenchGateway gateway = BenchGateway.start(
                     BenchGateway.config(options, broker.url(), "latency-gateway", qos, devices, work), readings -> {
                         long now = (System.nanoTime() - epoch) / 1_000;
                         for (Reading r : readings) {
                             if (r.metric().equals("sent_us") && r.value() >= warmupMicros && count[0] < measured) {
                                 latencies[count[0]++] = now - (long) r.value();
                             }
                         }
                     });
             BenchPublisher publisher = new BenchPublisher(broker.url(), devices, qos, epoch)) {
            sampler.scheduleAtFixedRate(() -> {
                synchronized (heapSamples) {
                    heapSamples.add(memory.getHeapMemoryUsage().getUsed());
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            publisher.publishAtRate(total, rate);
            gateway.awaitCommitted(total * 2L, 60);
            System.out.println("  store: " + gateway.storeSummary());
        } finally {
            sampler.shutdownNow();
        }
        int n = count[0];
        Arrays.sort(latencies, 0, n);
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
        BenchFiles.deleteRecursively(work);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
