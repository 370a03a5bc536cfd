package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.testing.RecordingSink;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded endpoint against real Paho clients, MQTT 3.1.1 and MQTT 5. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedEndpointDriverTest {
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

    @Test
    void receives_from_an_mqtt_3_1_1_client() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        assertThat(endpoint.actualPort()).isPositive();
        MqttClient device = client311(endpoint, "dev-311");

        device.publish("devices/d311/telemetry", bytes("{\"t\":21.5}"), 1, false);
        device.publish("devices/d311/status", bytes("online"), 0, false);

        await().atMost(WAIT).until(() -> sink.committed().size() == 2);
        InboundMessage telemetry = sink.committed().get(0);
        assertThat(telemetry.deviceId()).isEqualTo("d311");
        assertThat(telemetry.channel()).isEqualTo(Channel.TELEMETRY);
        assertThat(telemetry.address()).isEqualTo("devices/d311/telemetry");
        assertThat(telemetry.qos()).isEqualTo(1);
        assertThat(new String(telemetry.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21.5}");
        assertThat(sink.committed().get(1).channel()).isEqualTo(Channel.STATUS);
        assertThat(sink.committed().get(1).qos()).isZero();
    }

    @Test
    void receives_from_an_mqtt_5_client() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        org.eclipse.paho.mqttv5.client.MqttClient device = new org.eclipse.paho.mqttv5.client.MqttClient(
                url(endpoint), "dev-5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
        cleanup.add(() -> {
            device.disconnect();
            device.close();
        });

        device.publish("devices/d5/telemetry", bytes("five"), 1, false); // returns after PUBACK

        assertThat(sink.committedPayloads()).containsExactly("five");
        assertThat(sink.committed().get(0).deviceId()).isEqualTo("d5");
    }

    @Test
    void acknowledges_qos1_only_after_the_stage_completes() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        sink.hold(true);
        MqttAsyncClient device = asyncClient311(endpoint, "dev-ack");

        IMqttDeliveryToken token = device.publish("devices/d1/telemetry", bytes("m1"), 1, false);
        await().atMost(WAIT).until(() -> sink.accepted().size() == 1);
        Thread.sleep(300);
        assertThat(token.isComplete()).as("PUBACK before the commit").isFalse();
        assertThat(endpoint.inFlight()).isEqualTo(1);

        sink.release();
        token.waitForCompletion(5_000);
        assertThat(sink.committedPayloads()).containsExactly("m1");
        await().atMost(WAIT).until(() -> endpoint.inFlight() == 0);
    }

    @Test
    void accepts_qos2_as_at_least_once_after_the_commit() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        sink.hold(true);
        MqttAsyncClient device = asyncClient311(endpoint, "dev-qos2");

        IMqttDeliveryToken token = device.publish("devices/d2/telemetry", bytes("q2"), 2, false);
        await().atMost(WAIT).until(() -> sink.accepted().size() == 1);
        Thread.sleep(300);
        assertThat(token.isComplete()).isFalse();

        sink.release();
        token.waitForCompletion(5_000); // PUBREC, PUBREL, PUBCOMP done
        assertThat(sink.committed()).singleElement().satisfies(m -> assertThat(m.qos()).isEqualTo(1));
    }

    /** QoS0 and QoS1 interleaved: everything arrives exactly once and in the order the device sent it. */
    @Test
    void overload_loses_nothing_and_keeps_the_order_of_a_connection() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        sink.refuseNext(40);
        MqttClient device = client311(endpoint, "dev-overload");

        List<String> sent = IntStream.range(0, 300).mapToObj(i -> "m" + i).toList();
        for (int i = 0; i < sent.size(); i++) {
            device.publish("devices/d1/telemetry", bytes(sent.get(i)), i % 2, false);
        }

        await().atMost(WAIT).until(() -> sink.committed().size() >= sent.size());
        assertThat(sink.committedPayloads()).containsExactlyElementsOf(sent);
        assertThat(endpoint.overloadRetryCount()).isPositive();
        await().atMost(WAIT).until(() -> endpoint.inFlight() == 0);
    }

    /** The endpoint stops reading instead of buffering: TCP flow control reaches the device, even for QoS0. */
    @Test
    void a_full_pipeline_stops_reading_the_connection() throws Exception {
        assertThat(ReadPause.supported()).as("vertx-mqtt's endpoint socket is reachable for pausing").isTrue();
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        sink.hold(true);
        MqttClient device = client311(endpoint, "dev-flood");
        int total = 5_000;
        byte[] payload = new byte[4096]; // 20 MB in all: more than the socket buffers hold
        AtomicInteger published = new AtomicInteger();
        Thread flood = new Thread(() -> {
            try {
                for (int i = 0; i < total; i++) {
                    device.publish("devices/d1/telemetry", payload, 0, false);
                    published.incrementAndGet();
                }
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }, "flood");
        flood.start();

        await().atMost(WAIT).until(() -> sink.accepted().size() == 50); // the receive maximum
        Thread.sleep(1_000);
        assertThat(sink.accepted()).hasSize(50);
        assertThat(published.get()).as("publishes the device got out").isLessThan(total);

        sink.release();
        flood.join(WAIT.toMillis());
        await().atMost(WAIT).until(() -> sink.committed().size() == total);
    }

    @Test
    void acknowledges_and_counts_messages_on_other_topics() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        MqttClient device = client311(endpoint, "dev-unrouted");

        device.publish("factory/line1/temperature", bytes("x"), 1, false); // returns after PUBACK
        device.publish("devices/d1/frames", bytes("jpeg"), 0, false);
        device.publish("devices/d1/telemetry", bytes("ok"), 1, false);

        assertThat(endpoint.unroutedCount()).isEqualTo(2);
        assertThat(sink.accepted()).hasSize(1);
        assertThat(sink.committedPayloads()).containsExactly("ok");
    }

    @Test
    void closes_the_connection_of_an_oversize_message() throws Exception {
        EmbeddedEndpointDriver endpoint = started(1024);
        MqttAsyncClient device = asyncClient311(endpoint, "dev-big");

        // Not waiting for the token: when the endpoint cuts the connection mid-write, Paho may never complete it.
        device.publish("devices/d1/telemetry", new byte[4096], 0, false);

        await().atMost(WAIT).until(() -> !device.isConnected());
        assertThat(endpoint.protocolErrorCount()).isEqualTo(1);
        assertThat(sink.accepted()).isEmpty();

        MqttClient other = client311(endpoint, "dev-small"); // the endpoint itself is fine
        other.publish("devices/d2/telemetry", new byte[512], 1, false);
        assertThat(sink.committed()).singleElement().satisfies(m -> assertThat(m.deviceId()).isEqualTo("d2"));
    }

    @Test
    void grants_subscriptions_with_at_most_qos1_and_keeps_them_per_client() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        MqttAsyncClient device = asyncClient311(endpoint, "dev-sub");

        IMqttToken subscribed = device.subscribe(new String[] {"devices/d1/commands/#", "devices/d1/config"},
                new int[] {2, 0});
        subscribed.waitForCompletion(5_000);
        assertThat(subscribed.getGrantedQos()).containsExactly(1, 0);
        assertThat(endpoint.subscriptions().subscriptionsOf("dev-sub"))
                .containsOnly(Map.entry("devices/d1/commands/#", 1), Map.entry("devices/d1/config", 0));

        device.unsubscribe("devices/d1/config").waitForCompletion(5_000);
        assertThat(endpoint.subscriptions().subscriptionsOf("dev-sub")).containsOnlyKeys("devices/d1/commands/#");
    }

    @Test
    void delivers_a_last_will_when_a_device_drops_off() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        MqttAsyncClient device = new MqttAsyncClient(url(endpoint), "dev-will", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setWill("devices/dw/status", bytes("offline"), 1, false);
        device.connect(options).waitForCompletion(5_000);
        await().atMost(WAIT).until(() -> endpoint.connectionCount() == 1);

        device.disconnectForcibly(0, 1_000, false); // no DISCONNECT packet: an abnormal end
        device.close();

        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("offline"));
        assertThat(sink.committed().get(0).channel()).isEqualTo(Channel.STATUS);
        assertThat(endpoint.connectionCount()).isZero();
    }

    @Test
    void stop_waits_for_commits_then_closes_connections() throws Exception {
        EmbeddedEndpointDriver endpoint = started(EndpointSettings.defaults().maxMessageBytes());
        sink.delay(Duration.ofMillis(200));
        MqttAsyncClient device = asyncClient311(endpoint, "dev-stop");
        IMqttDeliveryToken token = device.publish("devices/d1/telemetry", bytes("last"), 1, false);
        await().atMost(WAIT).until(() -> sink.accepted().size() == 1);

        endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(sink.committedPayloads()).containsExactly("last");
        token.waitForCompletion(5_000); // acknowledged before the connection closed
        await().atMost(WAIT).until(() -> !device.isConnected());
    }

    // --- helpers

    private EmbeddedEndpointDriver started(int maxMessageBytes) throws Exception {
        EmbeddedEndpointDriver endpoint = new EmbeddedEndpointDriver(vertx,
                new EndpointSettings("127.0.0.1", 0, maxMessageBytes, 50), Duration.ofSeconds(2));
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        cleanup.add(() -> endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return endpoint;
    }

    private static String url(EmbeddedEndpointDriver endpoint) {
        return "tcp://127.0.0.1:" + endpoint.actualPort();
    }

    private MqttClient client311(EmbeddedEndpointDriver endpoint, String clientId) throws MqttException {
        MqttClient client = new MqttClient(url(endpoint), clientId, new MemoryPersistence());
        client.connect(options311());
        cleanup.add(() -> closeQuietly(client));
        return client;
    }

    private MqttAsyncClient asyncClient311(EmbeddedEndpointDriver endpoint, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url(endpoint), clientId, new MemoryPersistence());
        client.connect(options311()).waitForCompletion(5_000);
        cleanup.add(() -> {
            try {
                client.disconnectForcibly(0, 500);
            } catch (MqttException ignored) {
                // already gone
            }
            client.close(true);
        });
        return client;
    }

    private static MqttConnectOptions options311() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setMaxInflight(100);
        // Without it, Nagle's algorithm on the client and delayed ACKs make small publishes crawl (~40 ms each).
        options.setSocketFactory(new NoDelaySocketFactory());
        return options;
    }

    private static final class NoDelaySocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new UnsupportedOperationException("Paho connects an unconnected socket");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new UnsupportedOperationException("Paho connects an unconnected socket");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new UnsupportedOperationException("Paho connects an unconnected socket");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            throw new UnsupportedOperationException("Paho connects an unconnected socket");
        }
    }

    private static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(500);
            }
        } catch (MqttException ignored) {
            // gone already
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // gone already
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
