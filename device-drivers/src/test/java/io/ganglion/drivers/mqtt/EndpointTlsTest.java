package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.testing.TestCertificates;
import io.vertx.core.Vertx;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS on the embedded endpoint, against real Paho clients: with a password file, and with client
 * certificates whose common name is the device id. Certificates are self-signed, made by the JDK's keytool.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EndpointTlsTest {
    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Path serverKeystore;
    private static Path[] serverPem;
    private static Path air1;
    private static Path stranger;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    static void certificates() throws Exception {
        vertx = Vertx.vertx();
        serverKeystore = TestCertificates.keytool(dir, "endpoint");
        serverPem = TestCertificates.pem(serverKeystore);
        air1 = TestCertificates.keytool(dir, "air-1", "air-1");
        stranger = TestCertificates.keytool(dir, "stranger", "air-2");
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

    private EmbeddedEndpointDriver started(Path passwordFile, Path clientCa) throws Exception {
        EndpointSettings settings = new EndpointSettings("127.0.0.1", 0, null, 50, passwordFile,
                new EndpointTls(serverPem[0], serverPem[1], clientCa));
        DeviceAccess access = passwordFile == null ? DeviceAccess.OPEN
                : DeviceAccess.withPasswords(DeviceCredentials.load(passwordFile));
        EmbeddedEndpointDriver endpoint = new EmbeddedEndpointDriver(vertx, settings, Duration.ofSeconds(2),
                new TopicRouter(), access);
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        cleanup.add(() -> endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return endpoint;
    }

    private MqttClient connect(EmbeddedEndpointDriver endpoint, SSLContext tls, String user, String password)
            throws MqttException {
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + endpoint.actualPort(), "air-1",
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setSocketFactory(tls.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(false); // the test certificate names localhost, we dial 127.0.0.1
        if (user != null) {
            options.setUserName(user);
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
    void a_device_that_trusts_the_endpoint_logs_in_over_tls_and_its_telemetry_is_taken() throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "air-1:" + PasswordHash.hash("tls secret".toCharArray(), 1000) + "\n");
        EmbeddedEndpointDriver endpoint = started(passwords, null);

        MqttClient device = connect(endpoint, TestCertificates.sslContext(serverKeystore, null), "air-1",
                "tls secret");
        device.publish("devices/air-1/telemetry", "{\"t\": 5}".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(sink.committedPayloads()).containsExactly("{\"t\": 5}");
    }

    @Test
    void a_client_that_does_not_trust_the_endpoints_certificate_fails_the_handshake() throws Exception {
        EmbeddedEndpointDriver endpoint = started(null, null);

        assertThatThrownBy(() -> connect(endpoint, TestCertificates.sslContext(stranger, null), null, null))
                .isInstanceOf(MqttException.class);
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void plain_mqtt_on_the_tls_port_gets_no_connack() throws Exception {
        EmbeddedEndpointDriver endpoint = started(null, null);

        try (Socket plain = new Socket("127.0.0.1", endpoint.actualPort())) {
            plain.setSoTimeout(5_000);
            // CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, client id "p"
            plain.getOutputStream().write(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'p'});
            int answer;
            try {
                answer = plain.getInputStream().read();
            } catch (java.io.IOException reset) {
                answer = -1;
            }
            assertThat(answer).as("no CONNACK (0x20) to a plain client").isNotEqualTo(0x20);
        }
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void with_client_certificates_the_certificates_name_is_the_device_and_holds_it_to_its_topics()
            throws Exception {
        EmbeddedEndpointDriver endpoint = started(null, TestCertificates.pem(air1)[0]);

        MqttClient device = connect(endpoint, TestCertificates.sslContext(serverKeystore, air1), null, null);
        device.publish("devices/air-2/telemetry", "{\"t\": 99}".getBytes(StandardCharsets.UTF_8), 1, false);
        device.publish("devices/air-1/telemetry", "{\"t\": 6}".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(sink.committedPayloads()).containsExactly("{\"t\": 6}");
        assertThat(endpoint.deniedAccess()).isEqualTo(1);
    }

    @Test
    void with_client_certificates_a_device_without_one_or_with_an_unknown_one_is_refused_in_the_handshake()
            throws Exception {
        EmbeddedEndpointDriver endpoint = started(null, TestCertificates.pem(air1)[0]);

        assertThatThrownBy(() -> connect(endpoint, TestCertificates.sslContext(serverKeystore, null), null, null))
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect(endpoint, TestCertificates.sslContext(serverKeystore, stranger), null,
                null)).isInstanceOf(MqttException.class);
        assertThat(sink.accepted()).isEmpty();
    }
}
