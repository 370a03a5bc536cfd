package io.ganglion.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time and idle memory of a real gateway process: {@code java -Xmx128m -jar ganglion.jar gateway} on embedded
 * defaults (its own MQTT endpoint and HTTP on free ports), timed from process launch until it logs that every
 * listener is ready; then, after an idle period, its resident set size from {@code /proc/PID/status}.
 */
final class StartupBenchmark {
    private static final String READY_MARK = "ready in";

    private final int runs;
    private final int idleSeconds;
    private final String heap;

    StartupBenchmark(int runs, int idleSeconds, String heap) {
        this.runs = runs;
        this.idleSeconds = idleSeconds;
        this.heap = heap;
    }

    void run() throws Exception {
        Path jar = Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("run the startup benchmark from the ganglion jar (./ganglion bench ...)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> startupMs = new ArrayList<>();
        List<Double> rssMb = new ArrayList<>();
        System.out.printf("startup benchmark: %d runs, -Xmx%s, idle %d s before reading RSS (java %s)%n", runs, heap,
                idleSeconds, Runtime.version());
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("ganglion-bench-startup");
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, String.join("\n",
                    "http: {host: 127.0.0.1, port: 0}",
                    "mqtt: {endpoint: {host: 127.0.0.1, port: 0}}",
                    "store: {path: " + dir.resolve("gw.db") + "}",
                    ""));
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(java, "-Xmx" + heap, "-jar", jar.toString(), "gateway",
                    "--config", config.toString()).redirectErrorStream(true).start();
            try {
                double ms = awaitReady(process, launched);
                Thread.sleep(idleSeconds * 1000L);
                double rss = residentMb(process.pid());
                startupMs.add(ms);
                rssMb.add(rss);
                System.out.printf("  run %d: ready after %.0f ms, RSS after %d s idle %.1f MB%n", run, ms,
                        idleSeconds, rss);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                BenchFiles.deleteRecursively(dir);
            }
        }
        System.out.printf("RESULT startup runs=%d xmx=%s ready_median_ms=%.0f rss_idle_median_mb=%.1f%n", runs, heap,
                Stats.median(startupMs), Stats.median(rssMb));
    }

    private static double awaitReady(Process process, long launched) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains(READY_MARK)) {
                double ms = (System.nanoTime() - launched) / 1e6;
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-drain");
                drain.setDaemon(true);
                drain.start();
                return ms;
            }
        }
        throw new IOException("the gateway exited before it was ready");
    }

    private static double residentMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }
}
