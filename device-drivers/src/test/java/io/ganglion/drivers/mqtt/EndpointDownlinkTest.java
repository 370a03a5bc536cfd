package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.testing.RecordingSink;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Commands from the embedded endpoint to real Paho devices. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointDownlinkTest {
    private static final String TOPIC = "devices/relay-1/commands/on";

    private final Vertx vertx = Vertx.vertx();
    private final RecordingSink sink = new RecordingSink();
    private EmbeddedEndpointDriver endpoint;
    private MqttClient device;

    @BeforeEach
    void start() throws Exception {
        endpoint = new EmbeddedEndpointDriver(vertx, new EndpointSettings("127.0.0.1", 0, null, null),
                Duration.ofSeconds(2));
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        device = new MqttClient("tcp://127.0.0.1:" + endpoint.actualPort(), "relay-1", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        device.connect(options);
    }

    @AfterEach
    void stop() throws Exception {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sink.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void a_subscribed_device_receives_the_payload_and_its_puback_makes_it_delivered() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        device.subscribe("devices/relay-1/commands/+", 1,
                (topic, message) -> received.add(topic + " " + message.getQos() + " " + message));

        DeliveryResult result = send(command(1));

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.detail()).contains("relay-1");
        assertThat(received).containsExactly(TOPIC + " 1 {\"on\": 1}");
    }

    @Test
    void qos0_is_delivered_when_written_and_the_granted_qos_caps_it() throws Exception {
        List<Integer> qos = new CopyOnWriteArrayList<>();
        device.subscribe(TOPIC, 0, (topic, message) -> qos.add(message.getQos()));

        assertThat(send(command(1)).delivered()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> qos.size() == 1);
        assertThat(qos).containsExactly(0);
    }

    @Test
    void a_device_that_is_not_subscribed_is_not_connected_for_commands() throws Exception {
        device.subscribe("devices/relay-1/commands/off", 1);
        DeliveryResult result = send(command(1));
        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.NOT_CONNECTED);
        assertThat(result.detail()).contains(TOPIC);
    }

    @Test
    void a_subscribe_tells_the_reachable_listeners() throws Exception {
        AtomicInteger reachable = new AtomicInteger();
        endpoint.onReachable(reachable::incrementAndGet);
        device.subscribe("devices/relay-1/commands/#", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> reachable.get() == 1);
    }

    @Test
    void past_64_commands_awaiting_a_devices_puback_the_next_fails_and_the_64_stay_pending() throws Exception {
        String topic = "devices/relay-2/commands/on";
        MqttClient silent = new MqttClient("tcp://127.0.0.1:" + endpoint.actualPort(), "relay-2",
                new MemoryPersistence());
        silent.setManualAcks(true); // receives QoS 1 commands and acknowledges none until told
        List<Integer> received = new CopyOnWriteArrayList<>();
        try {
            silent.connect();
            silent.subscribe("devices/relay-2/commands/+", 1, (t, message) -> received.add(message.getId()));
            List<CompletableFuture<DeliveryResult>> pending = new ArrayList<>();
            for (int i = 0; i < EndpointConnection.MAX_AWAITING_PUBACK; i++) {
                pending.add(endpoint.send(new OutboundCommand("relay-2", "c" + i, "on", topic,
                        ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8), 1)).toCompletableFuture());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == EndpointConnection.MAX_AWAITING_PUBACK);

            DeliveryResult refused = endpoint.send(new OutboundCommand("relay-2", "c64", "on", topic,
                    "{}".getBytes(StandardCharsets.UTF_8), 1)).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(refused.outcome()).isEqualTo(DeliveryResult.Outcome.FAILED);
            assertThat(refused.detail()).isEqualTo("64 commands already await the device's PUBACK");
            assertThat(pending).noneMatch(CompletableFuture::isDone);
            assertThat(received).hasSize(EndpointConnection.MAX_AWAITING_PUBACK);

            for (int id : received) {
                silent.messageArrivedComplete(id, 1);
            }
            for (CompletableFuture<DeliveryResult> command : pending) {
                assertThat(command.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
            }
        } finally {
            if (silent.isConnected()) {
                silent.disconnect();
            }
            silent.close();
        }
    }

    @Test
    void filters_match_like_mqtt() {
        assertThat(SubscriptionRegistry.matches("devices/+/commands/#", "devices/a/commands/on")).isTrue();
        assertThat(SubscriptionRegistry.matches("devices/#", "devices")).isTrue();
        assertThat(SubscriptionRegistry.matches("devices/+/commands/on", "devices/a/commands/off")).isFalse();
        assertThat(SubscriptionRegistry.matches("devices/+", "devices/a/b")).isFalse();
    }

    private DeliveryResult send(OutboundCommand command) throws Exception {
        return endpoint.send(command).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static OutboundCommand command(int qos) {
        return new OutboundCommand("relay-1", "c1", "on", TOPIC, "{\"on\": 1}".getBytes(StandardCharsets.UTF_8), qos);
    }
}
