package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reading's whole path, device to REST, over both southbound modes: the gateway's own MQTT endpoint (MQTT 3.1.1
 * and 5 devices) and a real Mosquitto the gateway subscribes to, including a broker restart.
 */
class IngestPathTest {
    @TempDir
    Path dir;

    @Test
    void stores_telemetry_from_a_device_on_the_embedded_endpoint_and_serves_it() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "cabinet-1"), "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "cabinet-1")) {
            device.send("{\"ts\": " + System.currentTimeMillis() + ", \"temperature\": 21.5, \"humidity\": 40}", 1);

            // QoS1 returned: the readings are committed, so they are visible at once, without waiting.
            JsonObject body = get(gateway, "/api/v1/devices/cabinet-1/readings?metric=temperature").json();
            assertThat(body.getInteger("count")).isEqualTo(1);
            JsonObject reading = body.getJsonArray("readings").getJsonObject(0);
            assertThat(reading.getDouble("value")).isEqualTo(21.5);
            assertThat(reading.getString("quality")).isEqualTo("GOOD");

            JsonObject deviceJson = get(gateway, "/api/v1/devices/cabinet-1").json();
            assertThat(deviceJson.getString("transport")).isEqualTo("mqtt");
            assertThat(deviceJson.getString("profile")).isEqualTo("json-telemetry");
            assertThat(deviceJson.getLong("lastSeen")).isPositive();
            assertThat(metric(gateway, "ganglion_readings_stored_total")).isEqualTo(2.0);
            assertThat(metric(gateway, "ganglion_mqtt_connections")).isEqualTo(1.0);
        }
    }

    @Test
    void accepts_mqtt5_devices_on_the_embedded_endpoint() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "noise-5"), "test")) {
            MqttClient client = new MqttClient(GatewayFixture.endpointUrl(gateway), "noise-5",
                    new MemoryPersistence());
            client.connect(new MqttConnectionOptions());
            client.publish("devices/noise-5/telemetry", "{\"laeq\": 61.2}".getBytes(StandardCharsets.UTF_8), 1,
                    false);
            client.disconnect();
            client.close();

            JsonArray readings = get(gateway, "/api/v1/devices/noise-5/readings").json().getJsonArray("readings");
            assertThat(readings).hasSize(1);
            assertThat(readings.getJsonObject(0).getDouble("value")).isEqualTo(61.2);
        }
    }

    @Test
    void stores_telemetry_through_a_real_mosquitto_and_survives_its_restart() throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.start();
             Gateway gateway = Gateway.start(GatewayFixture.broker(dir, broker.url(), "gw-restart", "air-1"),
                     "test")) {
            try (TestDevice device = new TestDevice(broker.url(), "air-1")) {
                device.send("{\"pm25\": 10}", 1);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(gateway, "/api/v1/devices/air-1/readings").json().getInteger("count"))
                            .isEqualTo(1));

            assertThat(metric(gateway, "ganglion_mqtt_connected")).isEqualTo(1.0);
            broker.restartWithoutState(); // the broker forgets every session and subscription
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(gateway, "/api/v1/health").json().getJsonObject("mqtt").getBoolean("connected"))
                            .isTrue());

            try (TestDevice device = new TestDevice(broker.url(), "air-1")) {
                for (int i = 0; i < 20; i++) {
                    device.send("{\"pm25\": " + (11 + i) + "}", 1);
                }
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(gateway, "/api/v1/devices/air-1/readings?limit=100").json().getInteger("count"))
                            .isEqualTo(21));
            assertThat(metric(gateway, "ganglion_mqtt_reconnects_total")).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void a_persistent_session_delivers_what_was_published_while_the_gateway_was_down() throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Gateway first = Gateway.start(GatewayFixture.broker(dir, broker.url(), "gw-offline", "air-2"), "test");
            first.close();
            try (TestDevice device = new TestDevice(broker.url(), "air-2")) {
                for (int i = 0; i < 100; i++) {
                    device.send("{\"pm25\": " + i + "}", 1);
                }
            }
            try (Gateway second = Gateway.start(GatewayFixture.broker(dir, broker.url(), "gw-offline", "air-2"),
                    "test")) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(get(second, "/api/v1/devices/air-2/readings?limit=1000").json()
                                .getInteger("count")).isEqualTo(100));
            }
        }
    }
}
