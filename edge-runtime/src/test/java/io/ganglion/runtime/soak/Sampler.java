package io.ganglion.runtime.soak;

import io.ganglion.runtime.GatewayProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the soaked gateway's process from outside, as an operator's monitoring would: RSS, threads and open
 * descriptors from /proc, and the heap after a full GC, asked for with {@code jcmd PID GC.run} and read with
 * {@code jcmd PID GC.heap_info}. A full GC every sample is more than the gateway would do on its own; it is what makes
 * "heap after GC" a figure that can be compared over an hour. Appends each sample to a CSV file.
 */
final class Sampler {
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final GatewayProcess gateway;
    private final Path csv;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private final List<Sample> samples = new ArrayList<>();

    Sampler(GatewayProcess gateway, Path csv) throws IOException {
        this.gateway = gateway;
        this.csv = csv;
        Files.writeString(csv, "minutes,heap_after_gc_mib,rss_mib,descriptors,threads\n", StandardCharsets.UTF_8);
    }

    void sample(Duration since) throws IOException, InterruptedException {
        if (!gateway.alive()) {
            throw new IllegalStateException("the gateway process died during the soak");
        }
        long pid = gateway.pid();
        double heap = heapAfterGc(pid);
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        double rss = kib(status, "VmRSS") / 1024.0;
        int threads = (int) kib(status, "Threads");
        int descriptors;
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            descriptors = (int) fds.count();
        }
        Sample sample = new Sample(since.toMillis() / 60_000.0, heap, rss, descriptors, threads);
        samples.add(sample);
        Files.writeString(csv, sample.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private double heapAfterGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : -1;
    }

    private String run(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        process.waitFor(30, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** A {@code Name:   1234 kB} line of /proc/PID/status (or a plain count such as Threads). */
    private static long kib(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }
}
