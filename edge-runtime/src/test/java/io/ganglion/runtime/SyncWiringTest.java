package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.SyncConfig;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud sync in a running gateway: real devices publish over MQTT (Paho) to the gateway's own endpoint, the
 * gateway summarises what it committed and sends it to a real HTTP server that keeps the endpoint's contract.
 * Windows of 1 s with 200 ms lateness keep it fast.
 */
class SyncWiringTest {
    static final String TOKEN = "test-token-7-sixteen-plus";
    static final long WINDOW = 1000;
    private static final int READINGS_PER_WINDOW = 10;
    private static final int WINDOWS = 3;

    @TempDir
    Path dir;

    /** Expected per device, metric and window start: count, min, max, sum. */
    record Key(String device, String metric, long windowStart) {
    }

    record Expected(long count, double min, double max, double sum) {
    }

    static GatewayConfig syncing(Path dir, String cloudUrl, String... devices) {
        return GatewayFixture.embedded(dir, devices).withSync(new SyncConfig(null, cloudUrl, TOKEN, null, null,
                Duration.ofMillis(WINDOW), Duration.ofMillis(200), null, 1000,
                new SyncConfig.BackoffConfig(Duration.ofMillis(50), Duration.ofMillis(200))));
    }

    /**
     * Each device publishes {@code READINGS_PER_WINDOW} readings of two metrics into each of {@code WINDOWS} whole
     * windows that ended a second ago, with values that differ per device, metric and reading.
     */
    static Map<Key, Expected> publish(Gateway gateway, String... devices) throws Exception {
        long base = (System.currentTimeMillis() / WINDOW) * WINDOW - (WINDOWS + 1) * WINDOW;
        Map<Key, Expected> expected = new HashMap<>();
        for (int d = 0; d < devices.length; d++) {
            try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), devices[d])) {
                for (int i = 0; i < WINDOWS * READINGS_PER_WINDOW; i++) {
                    long ts = base + i * (WINDOW / READINGS_PER_WINDOW);
                    double temperature = 20 + d + (i % 7) * 0.5;
                    double humidity = 40 - d - (i % 5);
                    device.send("{\"ts\": " + ts + ", \"temperature\": " + temperature + ", \"humidity\": "
                            + humidity + "}", 1);
                    long start = Math.floorDiv(ts, WINDOW) * WINDOW;
                    expected.merge(new Key(devices[d], "temperature", start),
                            new Expected(1, temperature, temperature, temperature), SyncWiringTest::merge);
                    expected.merge(new Key(devices[d], "humidity", start),
                            new Expected(1, humidity, humidity, humidity), SyncWiringTest::merge);
                }
            }
        }
        return expected;
    }

    private static Expected merge(Expected a, Expected b) {
        return new Expected(a.count + b.count, Math.min(a.min, b.min), Math.max(a.max, b.max), a.sum + b.sum);
    }

    /** Every expected window arrived as exactly one summary with the right figures, and nothing else did. */
    private static void assertSummaries(CloudDouble cloud, Map<Key, Expected> expected) {
        List<Summary> summaries = cloud.stored(Summary.class);
        Map<Key, Summary> byKey = new HashMap<>();
        for (Summary s : summaries) {
            assertThat(byKey.put(new Key(s.device(), s.metric(), s.windowStart()), s))
                    .as("one summary per device, metric and window: %s", s).isNull();
            assertThat(s.windowEnd() - s.windowStart()).isEqualTo(WINDOW);
        }
        assertThat(byKey.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, want) -> {
            Summary got = byKey.get(key);
            assertThat(got.count()).as("count of %s", key).isEqualTo(want.count);
            assertThat(got.min()).as("min of %s", key).isEqualTo(want.min);
            assertThat(got.max()).as("max of %s", key).isEqualTo(want.max);
            assertThat(got.sum()).as("sum of %s", key).isCloseTo(want.sum, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    static JsonObject syncStatus(Gateway gateway) throws Exception {
        GatewayFixture.Response response = get(gateway, "/api/v1/sync");
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    @Test
    void readings_published_over_mqtt_reach_the_cloud_as_window_summaries_once_each() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            try (Gateway gateway = Gateway.start(syncing(dir, url, "s1", "s2"), dir.toString())) {
                Map<Key, Expected> expected = publish(gateway, "s1", "s2");

                // The last window of each series closes by the clock (tick) once its devices have gone quiet.
                await().atMost(Duration.ofSeconds(15)).until(() -> cloud.stored(Summary.class).size()
                        >= expected.size());
                await().atMost(Duration.ofSeconds(5)).until(() -> syncStatus(gateway).getLong("backlogRecords") == 0);

                assertSummaries(cloud, expected);
                assertThat(cloud.duplicates.get()).isZero();
                JsonObject status = syncStatus(gateway);
                assertThat(status.getBoolean("enabled")).isTrue();
                assertThat(status.getString("state")).isEqualTo("ok");
                assertThat(status.getLong("lastAckedSeq")).isEqualTo(cloud.stored.size());
                assertThat(status.getJsonObject("windows").getLong("lateReadings")).isZero();
                assertThat(status.encode()).doesNotContain(TOKEN);
                assertThat(metric(gateway, "ganglion_sync_acknowledged_total")).isEqualTo(cloud.stored.size());
                assertThat(metric(gateway, "ganglion_sync_backlog")).isZero();
                assertThat(metric(gateway, "ganglion_sync_sacrificed_total{kind=\"summary\"}")).isZero();
                assertThat(metric(gateway, "ganglion_sync_late_readings_total")).isZero();
                assertThat(metric(gateway, "ganglion_sync_not_kept_total")).isZero();
            }
            assertThat(Files.exists(dir.resolve("outbox.db"))).as("the outbox beside the store").isTrue();
        }
    }

    @Test
    void a_cloud_outage_leaves_a_backlog_that_drains_without_loss_or_duplicates() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            cloud.down = true;
            try (Gateway gateway = Gateway.start(syncing(dir, url, "s1"), dir.toString())) {
                Map<Key, Expected> expected = publish(gateway, "s1");

                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    JsonObject s = syncStatus(gateway);
                    return s.getLong("backlogRecords") >= expected.size() && s.getInteger("consecutiveFailures") > 0;
                });
                JsonObject during = syncStatus(gateway);
                assertThat(during.getString("state")).isEqualTo("retrying");
                assertThat(during.getString("lastError")).contains("503");
                assertThat(during.getLong("oldestUnsentAgeMs")).isPositive();
                assertThat(metric(gateway, "ganglion_sync_backlog")).isGreaterThanOrEqualTo(expected.size());
                assertThat(metric(gateway, "ganglion_sync_failures_total")).isPositive();
                assertThat(cloud.stored).isEmpty();

                cloud.down = false;
                await().atMost(Duration.ofSeconds(15)).until(() -> syncStatus(gateway).getLong("backlogRecords") == 0);

                assertSummaries(cloud, expected);
                assertThat(cloud.duplicates.get()).isZero();
                JsonObject after = syncStatus(gateway);
                assertThat(after.getString("state")).isEqualTo("ok");
                assertThat(after.getInteger("consecutiveFailures")).isZero();
                assertThat(metric(gateway, "ganglion_sync_backlog")).isZero();
            }
        }
    }

    @Test
    void records_the_cloud_refuses_are_parked_until_an_operator_requeues_them() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            cloud.refusing = true;
            try (Gateway gateway = Gateway.start(syncing(dir, url, "s1"), dir.toString())) {
                Map<Key, Expected> expected = publish(gateway, "s1");
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        syncStatus(gateway).getLong("refusedRecords") >= expected.size());
                JsonObject parked = syncStatus(gateway);
                assertThat(parked.getString("state")).isEqualTo("parked");
                assertThat(parked.getString("lastError")).contains("422").contains("unknown device");
                assertThat(cloud.stored).isEmpty();

                cloud.refusing = false; // the operator fixed the cloud's side
                GatewayFixture.Response requeued = GatewayFixture.post(gateway, "/api/v1/sync/refused/requeue", "");
                assertThat(requeued.status()).isEqualTo(200);
                assertThat(requeued.json().getInteger("requeued")).isGreaterThanOrEqualTo(expected.size());
                await().atMost(Duration.ofSeconds(15)).until(() -> syncStatus(gateway).getLong("backlogRecords") == 0
                        && syncStatus(gateway).getLong("refusedRecords") == 0);
                assertSummaries(cloud, expected);
                assertThat(cloud.duplicates.get()).isZero();
            }
        }
    }

    @Test
    void windows_open_at_a_graceful_stop_are_closed_kept_and_sent_after_the_restart() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            cloud.down = true;
            Map<Key, Expected> expected = new HashMap<>();
            GatewayConfig config = syncing(dir, url, "s1");
            try (Gateway gateway = Gateway.start(config, dir.toString());
                 TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "s1")) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < 5; i++) { // the window of now is open: its end (plus lateness) is ahead
                    long ts = now - 5 + i;
                    device.send("{\"ts\": " + ts + ", \"temperature\": " + (10 + i) + "}", 1);
                    expected.merge(new Key("s1", "temperature", Math.floorDiv(ts, WINDOW) * WINDOW),
                            new Expected(1, 10 + i, 10 + i, 10 + i), SyncWiringTest::merge);
                }
            }
            assertThat(cloud.stored).isEmpty();

            cloud.down = false;
            try (Gateway restarted = Gateway.start(config, dir.toString())) {
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        syncStatus(restarted).getLong("backlogRecords") == 0 && !cloud.stored.isEmpty());
                assertSummaries(cloud, expected);
                assertThat(cloud.duplicates.get()).isZero();
            }
        }
    }

    @Test
    void a_device_status_change_reaches_the_cloud() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            try (Gateway gateway = Gateway.start(syncing(dir, url, "s1"), dir.toString());
                 TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "s1")) {
                long before = System.currentTimeMillis();
                device.sendTo("devices/s1/status", "{\"firmware\": \"2.3.1\", \"state\": \"online\"}"
                        .getBytes(StandardCharsets.UTF_8), 1);
                device.sendTo("devices/s1/status", "offline".getBytes(StandardCharsets.UTF_8), 1);

                await().atMost(Duration.ofSeconds(10)).until(() -> cloud.stored(StatusChange.class).size() == 2);
                List<StatusChange> changes = cloud.stored(StatusChange.class);
                assertThat(changes).extracting(StatusChange::device, StatusChange::state, StatusChange::firmware)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", "online", "2.3.1"),
                                org.assertj.core.groups.Tuple.tuple("s1", "offline", ""));
                assertThat(changes.get(0).time()).isGreaterThanOrEqualTo(before);
            }
        }
    }

    @Test
    void a_reading_after_its_window_closed_is_counted_and_sent_as_a_late_correction() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            try (Gateway gateway = Gateway.start(syncing(dir, url, "s1"), dir.toString());
                 TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "s1")) {
                long closedStart = (System.currentTimeMillis() / WINDOW) * WINDOW - 3 * WINDOW;
                device.send("{\"ts\": " + (closedStart + 100) + ", \"temperature\": 20}", 1);
                device.send("{\"ts\": " + (closedStart + 2 * WINDOW + 100) + ", \"temperature\": 21}", 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> cloud.stored(Summary.class).size() == 2);

                device.send("{\"ts\": " + (closedStart + 500) + ", \"temperature\": 30}", 1); // its window closed

                await().atMost(Duration.ofSeconds(10)).until(() -> cloud.stored(Summary.class).size() == 3);
                List<Summary> ofWindow = cloud.stored(Summary.class).stream()
                        .filter(s -> s.windowStart() == closedStart).toList();
                assertThat(ofWindow).extracting(Summary::count, Summary::max)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 20.0),
                                org.assertj.core.groups.Tuple.tuple(1L, 30.0));
                JsonObject windows = syncStatus(gateway).getJsonObject("windows");
                assertThat(windows.getLong("lateReadings")).isEqualTo(1);
                assertThat(windows.getLong("lateCorrections")).isEqualTo(1);
                assertThat(metric(gateway, "ganglion_sync_late_readings_total")).isEqualTo(1.0);
            }
        }
    }

    @Test
    void a_missing_trust_file_stops_the_start_naming_the_key() throws Exception {
        Path missing = dir.resolve("no-such-ca.pem");
        GatewayConfig config = GatewayFixture.embedded(dir, "s1").withSync(new SyncConfig(null,
                "https://127.0.0.1:1", TOKEN, missing, null, null, null, null, null, null));

        assertThatThrownBy(() -> Gateway.start(config, "gateway.yaml").close())
                .isInstanceOf(io.ganglion.profiles.yaml.ConfigException.class)
                .hasMessage("gateway.yaml: sync.trustPem: no such file: " + missing.toAbsolutePath());
        assertThat(Files.exists(dir.resolve("outbox.db"))).as("nothing opened").isFalse();
    }

    @Test
    void the_sync_reports_itself_disabled_without_an_endpoint() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "s1"), dir.toString())) {
            assertThat(syncStatus(gateway).encode()).isEqualTo("{\"enabled\":false}");
            GatewayFixture.Response requeue = GatewayFixture.post(gateway, "/api/v1/sync/refused/requeue", "");
            assertThat(requeue.status()).isEqualTo(409);
            assertThat(requeue.json().getString("error")).contains("not enabled");
        }
        assertThat(Files.exists(dir.resolve("outbox.db"))).as("no outbox without sync").isFalse();
    }
}
