package io.ganglion.runtime.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few built-in virtual devices for {@code ganglion demo}: they connect to the gateway's MQTT endpoint exactly as real
 * devices do and publish JSON telemetry once a second, with values on a seeded random walk. The simulator module
 * replaces them with profile-driven scenarios.
 */
public final class DemoDevices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDevices.class);

    /** One virtual device: its id and, per metric, a start value and the largest step per second. */
    public record Spec(String id, List<String> metrics, double[] start, double[] step) {
    }

    public static final List<Spec> INTERSECTION = List.of(
            new Spec("demo-air-1", List.of("pm25", "no2"), new double[] {12, 40}, new double[] {0.8, 2}),
            new Spec("demo-noise-1", List.of("laeq"), new double[] {62}, new double[] {1.5}),
            new Spec("demo-cabinet-1", List.of("temperature", "humidity"), new double[] {24, 45},
                    new double[] {0.2, 0.5}));

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ganglion-demo-devices"));
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    /** Connects every device to {@code brokerUrl} and starts publishing. */
    public static DemoDevices start(String brokerUrl, List<Spec> specs, long seed) throws MqttException {
        DemoDevices demo = new DemoDevices();
        Random random = new Random(seed);
        for (Spec spec : specs) {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, spec.id(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            client.connect(options).waitForCompletion(10_000);
            demo.clients.add(client);
            double[] values = spec.start().clone();
            demo.timer.scheduleAtFixedRate(() -> demo.publish(client, spec, values, random), 0, 1, TimeUnit.SECONDS);
        }
        return demo;
    }

    private void publish(MqttAsyncClient client, Spec spec, double[] values, Random random) {
        StringBuilder json = new StringBuilder("{\"ts\":").append(System.currentTimeMillis());
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, values[i] + (random.nextDouble() * 2 - 1) * spec.step()[i]);
            json.append(",\"").append(spec.metrics().get(i)).append("\":")
                    .append(String.format(Locale.ROOT, "%.2f", values[i]));
        }
        json.append('}');
        try {
            client.publish("devices/" + spec.id() + "/telemetry", json.toString().getBytes(StandardCharsets.UTF_8),
                    1, false);
        } catch (MqttException e) {
            LOG.debug("demo device {} could not publish: {}", spec.id(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (MqttAsyncClient client : clients) {
            try {
                client.disconnect().waitForCompletion(2_000);
                client.close();
            } catch (MqttException e) {
                LOG.debug("demo device did not disconnect cleanly: {}", e.getMessage());
            }
        }
    }
}
