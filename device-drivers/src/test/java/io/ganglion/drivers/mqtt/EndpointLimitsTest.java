package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.InvalidSettingException;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded endpoint's limits against real Paho clients: each refusal, counted, and the endpoint still serving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Vertx vertx;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        sink.close();
    }

    private EmbeddedEndpointDriver started(EndpointLimits limits) throws Exception {
        EmbeddedEndpointDriver endpoint = new EmbeddedEndpointDriver(vertx,
                new EndpointSettings("127.0.0.1", 0, null, 50, null, null, limits), Duration.ofSeconds(2));
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        cleanup.add(() -> endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return endpoint;
    }

    private MqttClient connect(EmbeddedEndpointDriver endpoint, String clientId, boolean clean) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + endpoint.actualPort(), clientId,
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(clean);
        options.setConnectionTimeout(10);
        client.connect(options);
        cleanup.add(() -> {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        });
        return client;
    }

    /**
     * 20 messages a second: 100 sent at once take the burst of 20, then about 4 s more, and all arrive (the connection
     * is not read meanwhile, nothing is dropped); a quiet device on its own connection is not slowed by the chatty one.
     */
    @Test
    void a_connection_over_its_message_rate_is_slowed_down_without_loss_and_others_are_not() throws Exception {
        EmbeddedEndpointDriver endpoint = started(new EndpointLimits(null, null, null, null, null, 20));
        MqttClient chatty = connect(endpoint, "chatty", true);
        MqttClient quiet = connect(endpoint, "quiet", true);

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            chatty.publish("devices/chatty/telemetry", bytes("c" + i), 0, false);
        }
        await().atMost(WAIT).until(() -> endpoint.rateLimitedCount() > 0);
        quiet.publish("devices/quiet/telemetry", bytes("q"), 1, false); // QoS 1: returns once the gateway took it
        long chattyTaken = sink.committed().stream().filter(m -> m.deviceId().equals("chatty")).count();
        await().atMost(WAIT).until(() -> sink.committed().stream()
                .filter(m -> m.deviceId().equals("chatty")).count() == 100);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(chattyTaken).as("the quiet device went through while the chatty one was held").isLessThan(100);
        assertThat(seconds).as("100 messages at 20 a second after a burst of 20").isGreaterThan(3.0);
        assertThat(sink.committedPayloads()).filteredOn(p -> p.startsWith("c"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "c" + i).toList());
        assertThat(endpoint.rateLimitedCount()).isPositive();
        assertThat(endpoint.protocolErrorCount()).isZero();
    }

    @Test
    void a_message_rate_of_zero_is_no_limit() throws Exception {
        EmbeddedEndpointDriver endpoint = started(new EndpointLimits(null, null, null, null, null, 0));
        MqttClient device = connect(endpoint, "d1", true);

        for (int i = 0; i < 2000; i++) {
            device.publish("devices/d1/telemetry", bytes("m" + i), 0, false);
        }
        await().atMost(WAIT).until(() -> sink.committed().size() == 2000);

        assertThat(endpoint.rateLimitedCount()).isZero();
    }

    @Test
    void a_connection_beyond_the_limit_is_refused_and_a_place_freed_is_taken_again() throws Exception {
        EmbeddedEndpointDriver endpoint = started(new EndpointLimits(2, null, null, null, null, null));
        MqttClient first = connect(endpoint, "c1", true);
        connect(endpoint, "c2", true);

        assertThatThrownBy(() -> connect(endpoint, "c3", true)).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_BROKER_UNAVAILABLE);
        assertThat(endpoint.limitRefusals()).isEqualTo(1);

        first.disconnect();
        await().atMost(WAIT).until(() -> endpoint.connectionCount() == 1);
        assertThat(connect(endpoint, "c3", true).isConnected()).isTrue();
    }

    @Test
    void a_publish_on_a_topic_too_long_or_too_deep_closes_the_connection_and_is_not_taken() throws Exception {
        EmbeddedEndpointDriver endpoint = started(new EndpointLimits(null, 64, 6, null, null, null));
        MqttClient device = connect(endpoint, "d1", true);

        String deep = "devices/d1/telemetry/a/b/c/d";
        assertThatThrownBy(() -> device.publish(deep, bytes("x"), 1, false)).isInstanceOf(MqttException.class);
        await().atMost(WAIT).until(() -> !device.isConnected());
        MqttClient again = connect(endpoint, "d1b", true);
        assertThatThrownBy(() -> again.publish("devices/" + "x".repeat(80) + "/telemetry", bytes("y"), 1, false))
                .isInstanceOf(MqttException.class);

        assertThat(endpoint.limitRefusals()).isEqualTo(2);
        MqttClient good = connect(endpoint, "d1c", true);
        good.publish("devices/d1/telemetry", bytes("ok"), 1, false);
        assertThat(sink.committedPayloads()).containsExactly("ok");
    }

    @Test
    void filters_beyond_the_size_or_the_per_client_count_are_refused_in_the_suback() throws Exception {
        EmbeddedEndpointDriver endpoint = started(new EndpointLimits(null, 64, 6, 3, null, null));
        MqttClient device = connect(endpoint, "d1", true);

        int[] granted = device.subscribeWithResponse(new String[] {"devices/d1/commands/#", "a/b/c/d/e/f/g",
                "devices/d1/x", "devices/d1/y", "devices/d1/z", "devices/d1/x"}, new int[] {1, 1, 1, 1, 1, 1})
                .getGrantedQos();

        // The second is 7 levels deep; the fifth would be the client's fourth filter; the sixth renews the third.
        assertThat(granted).containsExactly(1, 0x80, 1, 1, 0x80, 1);
        assertThat(endpoint.subscriptions().subscriptionsOf("d1")).hasSize(3);
        assertThat(endpoint.limitRefusals()).isEqualTo(2);
    }

    @Test
    void persistent_sessions_of_clients_gone_are_kept_up_to_the_limit_oldest_forgotten_first() throws Exception {
        EmbeddedEndpointDriver endpoint = started(new EndpointLimits(null, null, null, null, 2, null));
        for (String id : List.of("s1", "s2", "s3")) {
            MqttClient client = connect(endpoint, id, false);
            client.subscribe("devices/" + id + "/commands/#", 1);
            client.disconnect();
            await().atMost(WAIT).until(() -> endpoint.connectionCount() == 0);
        }

        assertThat(endpoint.subscriptions().subscriptionsOf("s1")).as("the oldest, forgotten").isEmpty();
        assertThat(endpoint.subscriptions().subscriptionsOf("s2")).containsOnlyKeys("devices/s2/commands/#");
        assertThat(endpoint.subscriptions().subscriptionsOf("s3")).containsOnlyKeys("devices/s3/commands/#");
        assertThat(endpoint.limitRefusals()).isEqualTo(1);
    }

    @Test
    void limits_out_of_range_name_the_key() {
        assertThatThrownBy(() -> new EndpointLimits(0, null, null, null, null, null))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("connections");
        assertThatThrownBy(() -> new EndpointLimits(null, 70_000, null, null, null, null))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("topicBytes");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
