package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.config.IngestConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of bad input is rejected with its reason, counted, kept for inspection, acknowledged (QoS1 publishes
 * complete), and does not disturb a well-behaved device publishing at the same time.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Gateway gateway;
    static TestDevice bad;
    static TestDevice good;

    @BeforeAll
    static void start() throws Exception {
        IngestConfig ingest = new IngestConfig(1024, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofDays(1), false, null);
        gateway = Gateway.start(GatewayFixture.embedded(dir, StoreConfig.defaults(), ingest,
                GatewayFixture.devices("bad-1", "good-1")), "test");
        bad = new TestDevice(GatewayFixture.endpointUrl(gateway), "bad-1");
        good = new TestDevice(GatewayFixture.endpointUrl(gateway), "good-1");
    }

    @AfterAll
    static void stop() throws Exception {
        bad.close();
        good.close();
        gateway.close();
    }

    private JsonObject rejectAndFind(String deviceTopicId, String payload, String reason) throws Exception {
        double before = metric(gateway, "ganglion_ingest_rejected_total{reason=\"" + reason + "\"}");
        good.send("{\"temperature\": 20}", 1);
        bad.sendTo("devices/" + deviceTopicId + "/telemetry", payload.getBytes(), 1); // returns once acknowledged
        good.send("{\"temperature\": 21}", 1);

        assertThat(metric(gateway, "ganglion_ingest_rejected_total{reason=\"" + reason + "\"}"))
                .isEqualTo(before + 1);
        JsonArray rejected = get(gateway, "/api/v1/rejected?limit=1").json().getJsonArray("rejected");
        JsonObject newest = rejected.getJsonObject(0);
        assertThat(newest.getString("reason")).isEqualTo(reason);
        assertThat(newest.getString("device")).isEqualTo(deviceTopicId);
        assertThat(newest.getString("address")).isEqualTo("devices/" + deviceTopicId + "/telemetry");
        assertThat(newest.getString("detail")).isNotBlank();
        return newest;
    }

    @Test
    void rejects_malformed_json_and_keeps_the_payload() throws Exception {
        JsonObject rejected = rejectAndFind("bad-1", "{\"temperature\": 2", "malformed");
        assertThat(new String(Base64.getDecoder().decode(rejected.getString("payloadBase64"))))
                .isEqualTo("{\"temperature\": 2");
    }

    @Test
    void rejects_wrong_types() throws Exception {
        assertThat(rejectAndFind("bad-1", "{\"temperature\": \"warm\"}", "wrong_type").getString("detail"))
                .contains("temperature");
    }

    @Test
    void rejects_nan_and_infinity() throws Exception {
        rejectAndFind("bad-1", "{\"temperature\": NaN}", "not_finite");
        rejectAndFind("bad-1", "{\"temperature\": -Infinity}", "not_finite");
    }

    @Test
    void rejects_oversize_payloads() throws Exception {
        String big = "{\"temperature\": 1, \"pad\": " + "1".repeat(2000) + "}";
        JsonObject rejected = rejectAndFind("bad-1", big, "oversize");
        assertThat(rejected.getString("detail")).contains("ingest.maxPayloadBytes=1024");
    }

    @Test
    void rejects_unknown_devices() throws Exception {
        rejectAndFind("stranger-9", "{\"temperature\": 1}", "unknown_device");
        assertThat(get(gateway, "/api/v1/devices/stranger-9/readings").status()).isEqualTo(404);
    }

    @Test
    void rejects_timestamps_far_in_the_future_or_past() throws Exception {
        long now = System.currentTimeMillis();
        rejectAndFind("bad-1", "{\"ts\": " + (now + Duration.ofHours(1).toMillis()) + ", \"temperature\": 1}",
                "timestamp_out_of_range");
        rejectAndFind("bad-1", "{\"ts\": " + (now - Duration.ofDays(2).toMillis()) + ", \"temperature\": 1}",
                "timestamp_out_of_range");
        rejectAndFind("bad-1", "{\"ts\": 99999999999999999999, \"temperature\": 1}", "timestamp_out_of_range");
    }

    @Test
    void flags_a_skewed_but_plausible_clock_as_uncertain() throws Exception {
        long skewed = System.currentTimeMillis() - Duration.ofMinutes(2).toMillis();
        good.send("{\"ts\": " + skewed + ", \"skewed_metric\": 5}", 1);

        JsonObject reading = get(gateway, "/api/v1/devices/good-1/readings?metric=skewed_metric").json()
                .getJsonArray("readings").getJsonObject(0);
        assertThat(reading.getString("quality")).isEqualTo("UNCERTAIN");
        assertThat(reading.getLong("ts")).isEqualTo(skewed);
    }

    @Test
    void the_good_device_loses_nothing_while_the_bad_one_misbehaves() throws Exception {
        for (int i = 0; i < 50; i++) {
            bad.send("garbage " + i, 1);
            good.send("{\"counter_metric\": " + i + "}", 1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get(gateway, "/api/v1/devices/good-1/readings?metric=counter_metric&limit=1000").json()
                        .getInteger("count")).isEqualTo(50));
        assertThat(get(gateway, "/api/v1/health").json().getString("status")).isEqualTo("UP");
    }
}
