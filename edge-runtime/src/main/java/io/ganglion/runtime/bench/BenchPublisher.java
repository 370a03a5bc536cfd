package io.ganglion.runtime.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes benchmark telemetry as a set of devices would: one Paho client per device, JSON payloads with two metrics
 * ({@code temperature} and {@code sent_us}, the publisher's monotonic clock in microseconds since {@link #epochNanos},
 * which the latency benchmark reads back).
 */
final class BenchPublisher implements AutoCloseable {
    static final int MAX_INFLIGHT = 1000;
    private static final long TICK_NANOS = 1_000_000;

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final long epochNanos;
    private final int qos;

    BenchPublisher(String brokerUrl, int devices, int qos, long epochNanos) throws MqttException {
        this.qos = qos;
        this.epochNanos = epochNanos;
        for (int i = 0; i < devices; i++) {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "bench-device-" + i, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(MAX_INFLIGHT);
            client.connect(options).waitForCompletion(10_000);
            clients.add(client);
        }
    }

    static String deviceId(int index) {
        return "bench-" + index;
    }

    /** Publishes {@code count} messages round-robin over the devices, as fast as the in-flight windows allow. */
    void publishAll(long count) throws MqttException {
        publish(count, 0);
    }

    /** Publishes at a steady rate (messages per second over all devices). */
    void publishAtRate(long count, int perSecond) throws MqttException {
        publish(count, 1_000_000_000L / perSecond);
    }

    private void publish(long count, long intervalNanos) throws MqttException {
        long start = System.nanoTime();
        IMqttDeliveryToken[] last = new IMqttDeliveryToken[clients.size()];
        for (long n = 0; n < count; n++) {
            if (intervalNanos > 0) {
                // Paced in ticks of at least a millisecond: one sleep per tick, not one per message, keeps the
                // publisher's own CPU and wake-ups out of what is measured.
                long due = start + n * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > TICK_NANOS) {
                    LockSupport.parkNanos(wait);
                }
            }
            int device = (int) (n % clients.size());
            last[device] = publishOne(clients.get(device), device, n);
        }
        for (IMqttDeliveryToken token : last) {
            if (token != null) {
                token.waitForCompletion(60_000);
            }
        }
    }

    private IMqttDeliveryToken publishOne(MqttAsyncClient client, int device, long n) throws MqttException {
        long sentMicros = (System.nanoTime() - epochNanos) / 1_000;
        // Plain concatenation, not String.format: the publisher shares the machine with what it measures.
        byte[] payload = ("{\"ts\":" + System.currentTimeMillis() + ",\"temperature\":2" + (n % 10) + "."
                + (n % 7) + ",\"sent_us\":" + sentMicros + "}").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            try {
                return client.publish("devices/" + deviceId(device) + "/telemetry", payload, qos, false);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(50_000); // the window is full: wait for acknowledgements, as a device would
            }
        }
    }

    @Override
    public void close() throws MqttException {
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
