package io.ganglion.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The raw baseline: {@code mosquitto_sub} (C, libmosquitto) draining the same backlog from the same broker, printing
 * only the broker-side receive time of each message ({@code -F %U}). Its rate is what the broker and the loopback can
 * deliver to a subscriber that does nothing with the messages.
 */
final class RawSubscriber {
    private final String binary;
    private final int port;
    private final int qos;

    RawSubscriber(String binary, int port, int qos) {
        this.binary = binary;
        this.port = port;
        this.qos = qos;
    }

    /** Creates the persistent session and subscription, then disconnects, so that later publishes queue up for it. */
    void createSession(String clientId) throws IOException, InterruptedException {
        run(clientId, "-E");
    }

    /** Drains {@code count} queued messages; returns the seconds between the first and the last. */
    double drain(String clientId, long count) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(clientId, "-C", Long.toString(count), "-F", "%U"))
                .redirectErrorStream(true).start();
        double first = Double.NaN;
        double last = Double.NaN;
        long lines = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                double t = Double.parseDouble(line.trim());
                if (lines++ == 0) {
                    first = t;
                }
                last = t;
            }
        } catch (NumberFormatException e) {
            throw new IOException("unexpected mosquitto_sub output: " + e.getMessage(), e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || lines != count) {
            process.destroyForcibly();
            throw new IOException("mosquitto_sub received " + lines + " of " + count + " messages");
        }
        return last - first;
    }

    private void run(String clientId, String... extra) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(clientId, extra)).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("mosquitto_sub " + String.join(" ", extra) + " failed: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** mosquitto_sub on the benchmark broker, as a persistent session of {@code clientId} on the device topics. */
    private java.util.List<String> command(String clientId, String... extra) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(binary, "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-c", "-i", clientId, "-q", Integer.toString(qos),
                "-t", "devices/+/telemetry"));
        command.addAll(java.util.List.of(extra));
        return command;
    }
}
