package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.config.GatewayConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Acknowledged means on disk", tested the hard way: a gateway process is killed with SIGKILL while a device publishes
 * QoS1 as fast as it can, and every message the gateway had acknowledged must be in the store when it comes back.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    private Path writeConfig() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "gatewayId: crash-test",
                "http: {host: 127.0.0.1, port: 0}",
                "mqtt: {endpoint: {host: 127.0.0.1, port: 0}}",
                "coap: {host: 127.0.0.1, port: 0}",
                "store: {path: '" + dir.resolve("gw.db") + "', synchronous: full}",
                "devices: [{id: crash-1, profile: json-telemetry}]",
                ""));
        return config;
    }

    /** Publishes QoS1 messages numbered from 0 until stopped, recording the numbers the gateway acknowledged. */
    private static final class Publisher implements Runnable {
        final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final MqttAsyncClient client;

        Publisher(int port) throws MqttException {
            client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "crash-1", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(200);
            client.connect(options).waitForCompletion(10_000);
        }

        @Override
        public void run() {
            long seq = 0;
            while (running.get() && client.isConnected()) {
                long n = seq;
                byte[] payload = ("{\"seq\": " + n + "}").getBytes(StandardCharsets.UTF_8);
                try {
                    client.publish("devices/crash-1/telemetry", payload, 1, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            acknowledged.add(n);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable failure) {
                            // not acknowledged: the gateway owes nothing for this one
                        }
                    });
                    seq++;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        return; // connection gone: the gateway was killed
                    }
                    Thread.onSpinWait();
                }
            }
        }

        /**
         * Paho may not have noticed yet that the killed gateway's socket is gone, and refuses to close a client it
         * believes connected; force the disconnect first.
         */
        void close() throws MqttException {
            if (client.isConnected()) {
                try {
                    client.disconnectForcibly(0, 1_000, false);
                } catch (MqttException alreadyGone) {
                    // the connection dropped between the check and the disconnect: nothing left to do
                }
            }
            client.close(true);
        }
    }

    private Set<Long> storedSequenceNumbers(Path config) throws Exception {
        try (Gateway gateway = Gateway.start(new GatewayConfigLoader().load(config), config.toString())) {
            return gateway.store().readings("crash-1", "seq", 0, Long.MAX_VALUE, 1_000_000).stream()
                    .map(r -> (long) r.value()).collect(Collectors.toSet());
        }
    }

    @Test
    void kill_9_during_ingest_loses_no_acknowledged_reading() throws Exception {
        Path config = writeConfig();
        Publisher publisher;
        try (GatewayProcess gateway = GatewayProcess.start(config, dir.resolve("gateway-1.log"))) {
            publisher = new Publisher(gateway.mqttPort);
            Thread thread = new Thread(publisher, "crash-publisher");
            thread.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged.size() >= 3_000);
            gateway.kill(); // mid-stream, with messages in flight
            publisher.running.set(false);
            thread.join(10_000);
        }
        Set<Long> acknowledged = Set.copyOf(publisher.acknowledged);
        publisher.close();

        Set<Long> stored = storedSequenceNumbers(config);

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(3_000);
        assertThat(stored).containsAll(acknowledged);
    }

    @Test
    void sigterm_stops_intake_flushes_and_exits_cleanly() throws Exception {
        Path config = writeConfig();
        Publisher publisher;
        int exitCode;
        GatewayProcess gateway = GatewayProcess.start(config, dir.resolve("gateway-2.log"));
        try {
            publisher = new Publisher(gateway.mqttPort);
            Thread thread = new Thread(publisher, "term-publisher");
            thread.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledged.size() >= 1_000);
            exitCode = gateway.terminate();
            publisher.running.set(false);
            thread.join(10_000);
        } finally {
            gateway.close();
        }
        Set<Long> acknowledged = Set.copyOf(publisher.acknowledged);
        publisher.close();

        assertThat(exitCode).as("JVM exit status after SIGTERM and an orderly shutdown").isEqualTo(143);
        assertThat(gateway.logLines()).anyMatch(line -> line.contains("gateway 'crash-test' stopped"));
        assertThat(storedSequenceNumbers(config)).containsAll(acknowledged);
    }

}
