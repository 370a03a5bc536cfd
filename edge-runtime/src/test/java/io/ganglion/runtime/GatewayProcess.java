package io.ganglion.runtime;

import io.ganglion.runtime.cli.GanglionCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a child JVM started through the real command line, so that tests can kill it (-9) or signal it
 * (SIGTERM) as an operator or a power cut would. Reads the ports it bound from its ready line.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern READY =
            Pattern.compile("ready in \\d+ ms: HTTP on [^:]+:(\\d+), MQTT endpoint on [^:]+:(\\d+)");

    private final Process process;
    private final Thread outputCopier;
    private final Path log;
    public final int httpPort;
    public final int mqttPort;

    private GatewayProcess(Process process, Thread outputCopier, Path log, int httpPort, int mqttPort) {
        this.process = process;
        this.outputCopier = outputCopier;
        this.log = log;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
    }

    /**
     * Starts {@code ganglion gateway --config FILE} and waits until it is ready. Its heap is {@code -Xmx} of the
     * system property {@code ganglion.gatewayHeap} (default 256m), so that a soak can run as on a smaller board.
     */
    public static GatewayProcess start(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String heap = "-Xmx" + System.getProperty("ganglion.gatewayHeap", "256m");
        Process process = new ProcessBuilder(java, heap, "-cp", System.getProperty("java.class.path"),
                GanglionCommand.class.getName(), "gateway", "--config", config.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> copyOutput(process, log, ports), "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] bound = ports.get(60, TimeUnit.SECONDS);
            return new GatewayProcess(process, reader, log, bound[0], bound[1]);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("gateway process did not become ready; its output:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<int[]> ports) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                Matcher matcher = READY.matcher(line);
                if (matcher.find()) {
                    ports.complete(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))});
                }
            }
        } catch (IOException e) {
            ports.completeExceptionally(e);
        }
        ports.completeExceptionally(new IllegalStateException("gateway exited"));
    }

    /** The process id, for what reads it from outside (/proc, jcmd). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, as in a power cut of the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the orderly shutdown; returns the exit code. */
    public int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output, losing the shutdown's lines.
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway did not exit within 60 s of SIGTERM");
        }
        outputCopier.join(10_000); // its last lines, the shutdown's, are read after the exit
        return process.exitValue();
    }

    List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
