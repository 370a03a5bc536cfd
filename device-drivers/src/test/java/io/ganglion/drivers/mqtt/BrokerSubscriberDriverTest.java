package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.drivers.testing.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real Mosquitto, with real Paho clients publishing as devices. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerSubscriberDriverTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void requireMosquitto() {
        MosquittoBroker.assumeAvailable();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void acknowledges_qos1_only_after_the_stage_completes() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        RecordingSink held = sink().hold(true);
        BrokerSubscriberDriver gateway = new BrokerSubscriberDriver(settings(broker, "gw-ack", null),
                Duration.ofMillis(300));
        gateway.start(held).toCompletableFuture().get(10, TimeUnit.SECONDS);

        publish(broker, "devices/d1/telemetry", "m1", 1);
        await().atMost(WAIT).until(() -> held.accepted().size() == 1);
        assertThat(gateway.inFlight()).isEqualTo(1);
        InboundMessage message = held.accepted().get(0);
        assertThat(message.deviceId()).isEqualTo("d1");
        assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);
        assertThat(message.qos()).isEqualTo(1);

        // The gateway goes away before the commit: nothing was acknowledged, so the broker delivers again.
        gateway.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        RecordingSink second = sink();
        BrokerSubscriberDriver restarted = driver(settings(broker, "gw-ack", null));
        restarted.start(second).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> second.committedPayloads().contains("m1"));
        held.release(); // a late commit of the first delivery must not disturb the new session
        await().atMost(WAIT).until(() -> restarted.inFlight() == 0);
        restarted.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // This time it was committed and acknowledged: a third session gets nothing.
        RecordingSink third = sink();
        BrokerSubscriberDriver again = driver(settings(broker, "gw-ack", null));
        again.start(third).toCompletableFuture().get(10, TimeUnit.SECONDS);
        publish(broker, "devices/d1/status", "marker", 1);
        await().atMost(WAIT).until(() -> third.committedPayloads().contains("marker"));
        assertThat(third.committedPayloads()).containsExactly("marker");
    }

    @Test
    void subscribes_again_and_keeps_receiving_after_a_broker_restart_without_state() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        RecordingSink sink = sink();
        BrokerSubscriberDriver gateway = driver(settings(broker, "gw-restart", null));
        gateway.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        publish(broker, "devices/d1/telemetry", "before", 1);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("before"));

        broker.restartWithoutState(); // the session and its subscriptions are gone
        await().atMost(WAIT).until(() -> gateway.reconnectCount() >= 1 && gateway.connected());
        publish(broker, "devices/d1/telemetry", "after", 1);

        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("after"));
    }

    @Test
    void messages_queued_while_the_gateway_was_down_arrive_after_a_broker_restart() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        BrokerSubscriberDriver first = driver(settings(broker, "gw-queued", null));
        first.start(sink()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        first.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);

        publish(broker, "devices/d2/status", "while-down", 1); // kept for the persistent session
        broker.restart(); // SIGTERM saves it, the new process loads it

        RecordingSink sink = sink();
        BrokerSubscriberDriver second = driver(settings(broker, "gw-queued", null));
        second.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("while-down"));
    }

    /** Exactly once here: without a reconnect nothing is redelivered (in general the guarantee is at-least-once). */
    @Test
    void overload_back_pressure_loses_nothing() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder().maxInflightMessages(20));
        RecordingSink sink = sink().refuseNext(50);
        BrokerSubscriberDriver gateway = driver(settings(broker, "gw-overload", 10));
        gateway.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);

        List<String> sent = new ArrayList<>();
        try (Publisher device = new Publisher(broker)) {
            for (int i = 0; i < 200; i++) {
                device.publish("devices/d" + (i % 3) + "/telemetry", "m" + i, 1);
                sent.add("m" + i);
            }
        }

        await().atMost(WAIT).until(() -> sink.committed().size() >= 200);
        assertThat(sink.committedPayloads()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(sink.refusals()).isEqualTo(50);
        assertThat(gateway.overloadWaitCount()).isEqualTo(50);
        await().atMost(WAIT).until(() -> gateway.inFlight() == 0);
    }

    @Test
    void holds_intake_at_max_inflight() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        RecordingSink sink = sink().hold(true);
        BrokerSubscriberDriver gateway = driver(settings(broker, "gw-inflight", 5));
        gateway.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);

        try (Publisher device = new Publisher(broker)) {
            for (int i = 0; i < 20; i++) {
                device.publish("devices/d1/telemetry", "m" + i, 1);
            }
        }
        await().atMost(WAIT).until(() -> sink.accepted().size() == 5);
        Thread.sleep(300);
        assertThat(sink.accepted()).hasSize(5);
        assertThat(gateway.inFlight()).isEqualTo(5);

        sink.release();
        await().atMost(WAIT).until(() -> sink.committed().size() == 20);
        assertThat(sink.committedPayloads()).doesNotHaveDuplicates();
    }

    @Test
    void a_failed_store_is_not_acknowledged_and_the_message_comes_again() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        RecordingSink sink = sink().failNext(1);
        BrokerSubscriberDriver gateway = driver(settings(broker, "gw-storefail", null));
        gateway.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);

        publish(broker, "devices/d1/telemetry", "m1", 1);

        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("m1"));
        assertThat(sink.failed()).hasSize(1);
        assertThat(gateway.storeFailureCount()).isEqualTo(1);
    }

    @Test
    void start_fails_when_the_broker_refuses_the_connection() {
        MosquittoBroker broker = broker(MosquittoBroker.builder().allowAnonymous(false));
        BrokerSubscriberDriver gateway = driver(settings(broker, "gw-refused", null));

        assertThatThrownBy(() -> gateway.start(sink()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("refused the connection").hasMessageContaining("username");
    }

    @Test
    void start_completes_while_the_broker_is_unreachable_and_connects_when_it_comes() throws Exception {
        int port = MosquittoBroker.freePort();
        RecordingSink sink = sink();
        BrokerSubscriberDriver gateway = driver(new BrokerSettings("tcp://127.0.0.1:" + port, "gw-late", null, null,
                null, null, Duration.ofMillis(50), Duration.ofMillis(300), null));
        gateway.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(gateway.connected()).isFalse();

        MosquittoBroker broker = broker(MosquittoBroker.builder().port(port));
        await().atMost(WAIT).until(gateway::connected);
        publish(broker, "devices/d1/telemetry", "late", 1);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("late"));
    }

    @Test
    void follows_topic_templates_that_change_while_running() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        TopicRouter router = new TopicRouter();
        RecordingSink sink = sink();
        BrokerSubscriberDriver gateway = new BrokerSubscriberDriver(settings(broker, "gw-templates", null),
                Duration.ofSeconds(2), router);
        cleanup.add(() -> gateway.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
        gateway.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);

        // A profile with a brownfield layout is loaded: the driver subscribes to it.
        router.replace(List.of(TopicTemplate.parse("plant/{line}/{deviceId}/up", Channel.TELEMETRY)));
        await().atMost(WAIT).until(() -> gateway.subscriptions().contains("plant/+/+/up"));
        publish(broker, "plant/l2/meter-9/up", "brownfield", 1);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("brownfield"));
        InboundMessage message = sink.accepted().stream().filter(m -> m.address().startsWith("plant/")).findFirst()
                .orElseThrow();
        assertThat(message.deviceId()).isEqualTo("meter-9");
        assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);

        // The profile goes away again: the driver unsubscribes, the contract's layout keeps working.
        router.replace(List.of());
        await().atMost(WAIT).until(() -> !gateway.subscriptions().contains("plant/+/+/up"));
        publish(broker, "plant/l2/meter-9/up", "unheard", 1);
        publish(broker, "devices/d1/telemetry", "marker", 1);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("marker"));
        assertThat(sink.committedPayloads()).doesNotContain("unheard");
    }

    // --- helpers

    @Test
    void sends_a_command_through_the_broker_and_says_not_connected_while_the_broker_is_down() throws Exception {
        MosquittoBroker broker = broker(MosquittoBroker.builder());
        BrokerSubscriberDriver gateway = driver(settings(broker, "gw-cmd", null));
        AtomicInteger reachable = new AtomicInteger();
        gateway.onReachable(reachable::incrementAndGet);
        gateway.start(sink()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reachable.get()).isEqualTo(1);
        MqttClient device = new MqttClient(broker.url(), "relay-1", new MemoryPersistence());
        device.connect();
        cleanup.add(() -> {
            device.disconnectForcibly(500);
            device.close();
        });
        List<String> received = new CopyOnWriteArrayList<>();
        device.subscribe("devices/relay-1/commands/+", 1, (topic, message) -> received.add(topic + " " + message));
        OutboundCommand on = new OutboundCommand("relay-1", "c1", "on", "devices/relay-1/commands/on",
                "{\"on\": 1}".getBytes(StandardCharsets.UTF_8), 1);

        DeliveryResult result = gateway.send(on).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.delivered()).isTrue();
        assertThat(result.detail()).contains("broker");
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received).containsExactly("devices/relay-1/commands/on {\"on\": 1}");

        broker.stop();
        await().atMost(WAIT).until(() -> !gateway.connected());
        assertThat(gateway.send(on).toCompletableFuture().get(10, TimeUnit.SECONDS).outcome())
                .isEqualTo(DeliveryResult.Outcome.NOT_CONNECTED);
    }

    private MosquittoBroker broker(MosquittoBroker.Builder builder) {
        MosquittoBroker broker = builder.start();
        cleanup.add(broker);
        return broker;
    }

    private RecordingSink sink() {
        RecordingSink sink = new RecordingSink();
        cleanup.add(sink);
        return sink;
    }

    private BrokerSubscriberDriver driver(BrokerSettings settings) {
        BrokerSubscriberDriver driver = new BrokerSubscriberDriver(settings, Duration.ofSeconds(2));
        cleanup.add(() -> driver.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return driver;
    }

    private static BrokerSettings settings(MosquittoBroker broker, String clientId, Integer maxInflight) {
        return new BrokerSettings(broker.url(), clientId, null, null, 1, maxInflight, Duration.ofMillis(50),
                Duration.ofMillis(500), null);
    }

    private static void publish(MosquittoBroker broker, String topic, String payload, int qos) throws MqttException {
        try (Publisher device = new Publisher(broker)) {
            device.publish(topic, payload, qos);
        }
    }

    /** A device: a synchronous Paho client, so QoS1 publish returns once the broker has it. */
    static final class Publisher implements AutoCloseable {
        private static int counter;
        private final MqttClient client;

        Publisher(MosquittoBroker broker) throws MqttException {
            client = new MqttClient(broker.url(), "device-" + nextId(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            // Paho counts a QoS1 publish in flight a moment after its token completed: avoid its "Too many
            // publishes in progress" on back-to-back publishes.
            options.setMaxInflight(1000);
            client.connect(options);
        }

        private static synchronized int nextId() {
            return ++counter;
        }

        void publish(String topic, String payload, int qos) throws MqttException {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }
}
