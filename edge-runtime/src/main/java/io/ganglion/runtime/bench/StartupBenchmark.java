package io.ganglion.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
 *
 * <p>Measured twice per round, alternating: plain, and with the class-data-sharing archive that {@code ./ganglion}
 * uses (written by one training run first, as the launcher's first run does on JDK 17).
 */
final class StartupBenchmark {
    private static final String READY_MARK = "ready in";

    private final int runs;
    private final int idleSeconds;
    private final String heap;
    private final List<String> jvmOptions;

    /** @param jvmOptions further options of every gateway run, e.g. the Debian package's {@code -XX:+UseSerialGC} */
    StartupBenchmark(int runs, int idleSeconds, String heap, List<String> jvmOptions) {
        this.runs = runs;
        this.idleSeconds = idleSeconds;
        this.heap = heap;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    private record Sample(double readyMs, double rssMb) {
    }

    void run() throws Exception {
        Path jar = Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("run the startup benchmark from the ganglion jar (./ganglion bench ...)");
        }
        Path work = Files.createTempDirectory("ganglion-bench-startup");
        Path archive = work.resolve("ganglion.jsa");
        System.out.printf("startup benchmark: %d runs each plain and with AppCDS, -Xmx%s %s, idle %d s before reading "
                + "RSS (java %s)%n", runs, heap, jvmOptions, idleSeconds, Runtime.version());
        startOnce(jar, work, List.of("-XX:ArchiveClassesAtExit=" + archive), 0); // training run writes the archive
        List<Sample> plain = new ArrayList<>();
        List<Sample> cds = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            plain.add(report("plain ", run, startOnce(jar, work, List.of(), idleSeconds)));
            cds.add(report("AppCDS", run, startOnce(jar, work, List.of("-XX:SharedArchiveFile=" + archive),
                    idleSeconds)));
        }
        System.out.printf("RESULT startup runs=%d xmx=%s ready_median_ms=%.0f ready_cds_median_ms=%.0f "
                        + "rss_idle_median_mb=%.1f rss_idle_cds_median_mb=%.1f%n", runs, heap,
                median(plain, Sample::readyMs), median(cds, Sample::readyMs), median(plain, Sample::rssMb),
                median(cds, Sample::rssMb));
        BenchFiles.deleteRecursively(work);
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> field) {
        return Stats.median(samples.stream().map(s -> field.applyAsDouble(s)).toList());
    }

    private Sample report(String mode, int run, Sample sample) {
        System.out.printf("  run %d %s: ready after %.0f ms, RSS after %d s idle %.1f MB%n", run, mode,
                sample.readyMs(), idleSeconds, sample.rssMb());
        return sample;
    }

    private Sample startOnce(Path jar, Path work, List<String> jvmOptions, int idle) throws Exception {
        Path dir = Files.createTempDirectory(work, "run");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "http: {host: 127.0.0.1, port: 0}",
                "mqtt: {endpoint: {host: 127.0.0.1, port: 0}}",
                "coap: {host: 127.0.0.1, port: 0}",
                "store: {path: '" + dir.resolve("gw.db") + "'}",
                ""));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        command.addAll(this.jvmOptions);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "gateway", "--config", config.toString()));
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            double ms = awaitReady(process, launched);
            Thread.sleep(idle * 1000L);
            return new Sample(ms, residentMb(process.pid()));
        } finally {
            process.toHandle().destroy(); // SIGTERM: the orderly stop, which also writes the training archive
            process.waitFor(30, TimeUnit.SECONDS);
            BenchFiles.deleteRecursively(dir);
        }
    }

    private static double awaitReady(Process process, long launched) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains(READY_MARK)) {
                double ms = (System.nanoTime() - launched) / 1e6;
                Thread drain = new Thread(() -> drain(out), "bench-drain");
                drain.setDaemon(true);
                drain.start();
                return ms;
            }
        }
        throw new IOException("the gateway exited before it was ready");
    }

    /** Keeps reading the gateway's output so that it never blocks on a full pipe; ends when the process does. */
    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException | UncheckedIOException processGone) {
            // the pipe closed with the process
        }
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
