package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded parts under pressure: a store queue too small for the burst pushes back to the devices and loses
 * nothing; a store over its quota evicts the oldest readings and counts every one.
 */
class BackPressureTest {
    private static final int BURST = 2_000;

    @TempDir
    Path dir;

    /** A queue of one message with a writer that waits 20 ms to fill each batch: a burst must overflow it. */
    private static StoreConfig tinyQueue() {
        return new StoreConfig(null, null, 1, null, Duration.ofMillis(20), StoreConfig.SyncMode.NORMAL, null);
    }

    private static void burst(TestDevice device, int qos) throws MqttException {
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            byte[] payload = ("{\"seq\": " + i + "}").getBytes(StandardCharsets.UTF_8);
            while (true) {
                try {
                    tokens.add(device.client.publish("devices/" + device.id + "/telemetry", payload, qos, false));
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.onSpinWait();
                }
            }
        }
        for (IMqttDeliveryToken token : tokens) {
            token.waitForCompletion(30_000);
        }
    }

    private static void assertAllStoredOnce(Gateway gateway, String deviceId) throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get(gateway, "/api/v1/devices/" + deviceId + "/readings?limit=10000").json().getInteger("count"))
                .isEqualTo(BURST));
        assertThat(metric(gateway, "ganglion_ingest_overloaded_total")).as("the queue pushed back").isPositive();
        assertThat(gateway.store().readingCount()).isEqualTo(BURST);
    }

    @Test
    void a_full_queue_pauses_qos1_devices_on_the_endpoint_and_loses_nothing() throws Exception {
        GatewayConfig config = GatewayFixture.embedded(dir, tinyQueue(), null, GatewayFixture.devices("burst-1"));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "burst-1")) {
            burst(device, 1);
            assertAllStoredOnce(gateway, "burst-1");
        }
    }

    @Test
    void a_full_queue_pauses_qos0_devices_on_the_endpoint_and_loses_nothing() throws Exception {
        GatewayConfig config = GatewayFixture.embedded(dir, tinyQueue(), null, GatewayFixture.devices("burst-0"));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "burst-0")) {
            burst(device, 0);
            assertAllStoredOnce(gateway, "burst-0");
        }
    }

    @Test
    void a_full_queue_stops_reading_from_the_broker_and_loses_nothing() throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            GatewayConfig base = GatewayFixture.broker(dir, broker.url(), "gw-burst", "burst-b");
            GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), base.coap(),
                    tinyQueue().withPath(dir.resolve("gw.db")), base.ingest(), base.profiles(), base.devices(),
                    base.logging(), base.commands());
            try (Gateway gateway = Gateway.start(config, "test");
                 TestDevice device = new TestDevice(broker.url(), "burst-b")) {
                burst(device, 1);
                assertAllStoredOnce(gateway, "burst-b");
            }
        }
    }

    @Test
    void a_full_quota_evicts_the_oldest_readings_and_counts_them() throws Exception {
        StoreConfig oneMiB = new StoreConfig(null, 1L << 20, null, null, null, StoreConfig.SyncMode.NORMAL, null);
        GatewayConfig config = GatewayFixture.embedded(dir, oneMiB, null, GatewayFixture.devices("chatty-1"));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "chatty-1")) {
            String padding = ", \"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8";
            for (int round = 0; round < 8; round++) {
                List<IMqttDeliveryToken> tokens = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    int seq = round * 1_000 + i;
                    tokens.add(device.client.publish("devices/chatty-1/telemetry",
                            ("{\"seq\": " + seq + padding + "}").getBytes(StandardCharsets.UTF_8), 0, false));
                }
                for (IMqttDeliveryToken token : tokens) {
                    token.waitForCompletion(10_000);
                }
            }
            // QoS0 publishes return before the gateway stores them: wait for the last one.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    get(gateway, "/api/v1/devices/chatty-1/readings?metric=seq&limit=1").json()
                            .getJsonArray("readings").getJsonObject(0).getDouble("value")).isEqualTo(7_999.0));
            assertThat(metric(gateway, "ganglion_store_evicted_total")).isPositive();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(metric(gateway, "ganglion_readings_stored_total") - gateway.store().readingCount())
                            .isEqualTo(metric(gateway, "ganglion_store_evicted_total")));
            assertThat(gateway.store().stats().usedBytes()).isLessThanOrEqualTo(1L << 20);
            // The oldest went first: the first message's readings are gone.
            assertThat(get(gateway, "/api/v1/devices/chatty-1/readings?metric=seq&to=" + Long.MAX_VALUE
                    + "&limit=10000").json().getJsonArray("readings").stream()
                    .map(r -> ((io.vertx.core.json.JsonObject) r).getDouble("value"))).doesNotContain(0.0);
            assertThat(get(gateway, "/api/v1/health").json().getJsonObject("store").getLong("evicted")).isPositive();
        }
    }
}
