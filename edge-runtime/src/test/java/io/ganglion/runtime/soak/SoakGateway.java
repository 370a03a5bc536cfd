package io.ganglion.runtime.soak;

import io.ganglion.runtime.cli.GanglionCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soaked gateway: {@code ganglion gateway --config FILE} in a child JVM with the heap a 1 GB board would give it
 * ({@code -Xmx256m}), so that what is measured (its RSS, descriptors and heap) is the gateway's alone.
 */
final class SoakGateway implements AutoCloseable {
    private static final Pattern READY =
            Pattern.compile("ready in \\d+ ms: HTTP on [^:]+:(\\d+), MQTT endpoint on [^:]+:(\\d+)");

    private final Process process;
    private final int httpPort;
    private final int mqttPort;
    private final int coapPort;

    private SoakGateway(Process process, int httpPort, int mqttPort, int coapPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        this.coapPort = coapPort;
    }

    /** Starts it with {@code config}, whose {@code coap.port} this sets to a free UDP port, and waits until ready. */
    static SoakGateway start(Path config, Path log) throws Exception {
        int coap;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            coap = probe.getLocalPort();
        }
        Files.writeString(config, Files.readString(config).replace("coap: {host: 127.0.0.1, port: 0}",
                "coap: {host: 127.0.0.1, port: " + coap + "}"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                GanglionCommand.class.getName(), "gateway", "--config", config.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> copy(process, log, ports), "soak-gateway-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] bound = ports.get(120, TimeUnit.SECONDS);
            return new SoakGateway(process, bound[0], bound[1], coap);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway did not become ready; see " + log, e);
        }
    }

    private static void copy(Process process, Path log, CompletableFuture<int[]> ports) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    ports.complete(new int[] {Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2))});
                }
            }
        } catch (IOException e) {
            ports.completeExceptionally(e);
        }
        ports.completeExceptionally(new IllegalStateException("the gateway exited"));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    int httpPort() {
        return httpPort;
    }

    int mqttPort() {
        return mqttPort;
    }

    int coapPort() {
        return coapPort;
    }

    /** SIGTERM, the orderly stop, then SIGKILL if it takes over a minute. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
