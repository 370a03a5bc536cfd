package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.testing.RecordingSink;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded endpoint's access rules against real Paho clients: devices log in with their id and a password from
 * the password file, and then use their own topics only. One test per refusal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointAccessTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Vertx vertx;

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();
    private EmbeddedEndpointDriver endpoint;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        Path passwords = dir.resolve("mqtt-passwords");
        Files.writeString(passwords, "# devices of the test site\n"
                + "air-1:" + PasswordHash.hash("correct horse battery".toCharArray(), PasswordHash.MIN_ITERATIONS)
                + "\n\nair-2:" + PasswordHash.hash("second secret".toCharArray(), PasswordHash.MIN_ITERATIONS) + "\n");
        EndpointSettings settings = new EndpointSettings("127.0.0.1", 0, null, 50, passwords, null);
        endpoint = new EmbeddedEndpointDriver(vertx, settings, Duration.ofSeconds(2), new TopicRouter(),
                DeviceAccess.withPasswords(DeviceCredentials.load(passwords)));
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(endpoint.authenticates()).isTrue();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sink.close();
    }

    private MqttClient connect(String clientId, String username, String password) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + endpoint.actualPort(), clientId,
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        cleanup.add(() -> {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        });
        return client;
    }

    @Test
    void a_device_with_its_password_connects_and_its_telemetry_is_taken() throws Exception {
        MqttClient device = connect("air-1", "air-1", "correct horse battery");

        device.publish("devices/air-1/telemetry", "{\"t\": 20}".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(sink.committedPayloads()).containsExactly("{\"t\": 20}");
        assertThat(endpoint.refusedConnections()).isZero();
    }

    @Test
    void no_credentials_are_refused_as_not_authorized() {
        assertThatThrownBy(() -> connect("air-1", null, null)).isInstanceOf(MqttSecurityException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(endpoint.refusedConnections()).isEqualTo(1);
    }

    @Test
    void a_wrong_password_is_refused() {
        assertThatThrownBy(() -> connect("air-1", "air-1", "wrong")).isInstanceOf(MqttSecurityException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void another_devices_password_does_not_open_this_device() {
        assertThatThrownBy(() -> connect("air-1", "air-1", "second secret"))
                .isInstanceOf(MqttSecurityException.class);
    }

    @Test
    void an_unknown_device_is_refused() {
        assertThatThrownBy(() -> connect("ghost", "ghost", "anything")).isInstanceOf(MqttSecurityException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void wildcards_in_a_client_id_or_user_name_are_refused() {
        assertThatThrownBy(() -> connect("air-#", "air-1", "correct horse battery"))
                .isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_INVALID_CLIENT_ID);
        assertThatThrownBy(() -> connect("air-1", "air-+", "correct horse battery"))
                .isInstanceOf(MqttSecurityException.class);
        assertThat(endpoint.refusedConnections()).isEqualTo(2);
    }

    @Test
    void a_device_cannot_publish_as_another_device() throws Exception {
        MqttClient device = connect("air-1", "air-1", "correct horse battery");

        // Acknowledged (a broker does not make a device resend what it will never take) and not delivered.
        device.publish("devices/air-2/telemetry", "{\"t\": 99}".getBytes(StandardCharsets.UTF_8), 1, false);
        device.publish("devices/air-1/telemetry", "{\"t\": 21}".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(sink.committedPayloads()).containsExactly("{\"t\": 21}");
        assertThat(endpoint.deniedAccess()).isEqualTo(1);
    }

    @Test
    void a_device_subscribes_to_its_own_commands_only() throws Exception {
        MqttClient device = connect("air-1", "air-1", "correct horse battery");

        int[] granted = device.subscribeWithResponse(new String[] {"devices/air-1/commands/#", "#",
                "devices/+/commands/#", "devices/air-2/commands/#", "+/air-1/commands/#"}, new int[] {1, 1, 1, 1, 1})
                .getGrantedQos();

        assertThat(granted).containsExactly(1, 0x80, 0x80, 0x80, 0x80);
        await().atMost(WAIT).until(() -> endpoint.deniedAccess() == 4);
        assertThat(endpoint.subscriptions().clientsMatching("devices/air-1/commands/reboot")).containsOnlyKeys("air-1");
        assertThat(endpoint.subscriptions().clientsMatching("devices/air-2/commands/reboot")).isEmpty();
    }

    @Test
    void a_reconnect_with_the_same_password_is_admitted_again() throws Exception {
        MqttClient first = connect("air-2", "air-2", "second secret");
        first.disconnect();
        MqttClient second = connect("air-2", "air-2", "second secret");

        assertThat(second.isConnected()).isTrue();
    }
}
