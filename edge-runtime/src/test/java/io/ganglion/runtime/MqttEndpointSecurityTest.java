package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.mqtt.PasswordHash;
import io.ganglion.profiles.testing.TestCertificates;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.GatewayConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device side of the gateway's MQTT endpoint as a site configures it in gateway.yaml: TLS with a password file,
 * a device that logs in and is stored, one that does not and is refused, and TLS files that are not there.
 */
class MqttEndpointSecurityTest {
    @TempDir
    Path dir;

    private Path config(String tlsAndPasswords) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "http: {host: 127.0.0.1, port: 0}",
                "coap: {enabled: false}",
                "store: {path: '" + dir.resolve("gw.db") + "'}",
                "mqtt:",
                "  endpoint:",
                "    host: 127.0.0.1",
                "    port: 0",
                tlsAndPasswords,
                "devices:",
                "  - {id: air-1, profile: json-telemetry}",
                ""));
        return config;
    }

    @Test
    void over_tls_a_device_with_its_password_is_stored_and_one_without_is_refused() throws Exception {
        Path keystore = TestCertificates.keytool(dir, "gateway");
        Path[] pem = TestCertificates.pem(keystore);
        Path passwords = dir.resolve("mqtt-passwords");
        Files.writeString(passwords, "air-1:" + PasswordHash.hash("air one secret".toCharArray(), 1000) + "\n");
        GatewayConfig config = new GatewayConfigLoader(Map.<String, String>of()::get).load(config(String.join("\n",
                "    passwordFile: '" + passwords + "'",
                "    tls: {certificate: '" + pem[0] + "', key: '" + pem[1] + "'}")));

        try (Gateway gateway = Gateway.start(config, dir.resolve("gateway.yaml").toString())) {
            String url = "ssl://127.0.0.1:" + gateway.mqttEndpointPort().orElseThrow();
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(TestCertificates.sslContext(keystore, null).getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(false);
            options.setConnectionTimeout(10);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // else Paho retries a refusal as 3.1

            MqttClient stranger = new MqttClient(url, "air-1", new MemoryPersistence());
            assertThatThrownBy(() -> stranger.connect(options)).isInstanceOf(MqttSecurityException.class);
            stranger.close();

            options.setUserName("air-1");
            options.setPassword("air one secret".toCharArray());
            MqttClient device = new MqttClient(url, "air-1", new MemoryPersistence());
            device.connect(options);
            device.publish("devices/air-1/telemetry", ("{\"ts\": " + System.currentTimeMillis()
                    + ", \"temperature\": 21.5}").getBytes(StandardCharsets.UTF_8), 1, false);
            device.disconnect();
            device.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.store()
                    .readings("air-1", "temperature", 0, Long.MAX_VALUE, 10).isEmpty());
            GatewayFixture.Response metrics = GatewayFixture.get(gateway, "/metrics");
            assertThat(metrics.body()).contains("ganglion_mqtt_refused_connections_total 1.0");
        }
    }

    @Test
    void tls_files_that_cannot_be_read_stop_the_start_naming_the_key() throws Exception {
        Path configFile = config("    tls: {certificate: '" + dir.resolve("absent.pem") + "', key: '"
                + dir.resolve("absent.key") + "'}");
        GatewayConfig config = new GatewayConfigLoader(Map.<String, String>of()::get).load(configFile);

        assertThatThrownBy(() -> Gateway.start(config, configFile.toString())).isInstanceOf(ConfigException.class)
                .hasMessage(configFile + ": mqtt.endpoint.tls.certificate: cannot read " + dir.resolve("absent.pem"));
    }
}
