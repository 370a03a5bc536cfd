package io.ganglion.runtime;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device for tests: a real Paho MQTT 3.1.1 client publishing to the device topics. */
final class TestDevice implements AutoCloseable {
    final String id;
    final MqttAsyncClient client;

    TestDevice(String url, String id) throws MqttException {
        this.id = id;
        this.client = new MqttAsyncClient(url, "device-" + id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        client.connect(options).waitForCompletion(10_000);
    }

    /** Publishes and waits for the acknowledgement (QoS1) or the write (QoS0). */
    void send(String payload, int qos) throws MqttException {
        sendTo("devices/" + id + "/telemetry", payload.getBytes(StandardCharsets.UTF_8), qos);
    }

    void sendTo(String topic, byte[] payload, int qos) throws MqttException {
        client.publish(topic, payload, qos, false).waitForCompletion(10_000);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}
