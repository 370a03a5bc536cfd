package io.ganglion.sim.testing;

import io.ganglion.drivers.testing.MosquittoBroker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An independent MQTT client (Paho) that keeps everything published under {@code devices/#}, by topic. */
public final class Subscriber implements AutoCloseable {
    private final MqttClient client;
    private final Map<String, List<byte[]>> byTopic = new ConcurrentHashMap<>();

    public Subscriber(MosquittoBroker broker) throws MqttException {
        client = new MqttClient(broker.url(), "test-subscriber", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(10_000);
        client.connect(options);
        client.subscribe("devices/#", 1, (topic, message) ->
                byTopic.computeIfAbsent(topic, t -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(message.getPayload()));
    }

    /** What arrived on a topic so far, a copy. */
    public List<byte[]> on(String topic) {
        List<byte[]> messages = byTopic.get(topic);
        if (messages == null) {
            return List.of();
        }
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public int count(String topic) {
        return on(topic).size();
    }

    @Override
    public void close() throws MqttException {
        client.disconnectForcibly(1000);
        client.close();
    }
}
