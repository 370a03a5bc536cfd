package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles changed while a device streams QoS1: a broken change is refused with its file, line and key and the old
 * profile keeps decoding; a good change is swapped in; no acknowledged reading is lost on the way.
 */
class ProfileHotReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static final String LINE_SPEED_V1 = """
            id: line-speed
            vendor: Example Conveyors
            model: conveyor-speed
            firmware: "*"
            metrics:
              speed: {type: float, unit: m/s, range: [0, 100]}
              seq:   {type: int, unit: "{count}"}
            telemetry:
              codec: json
              fields: {speed: {path: v}, seq: {path: n}}
            tests:
              - name: typical
                payload: '{"v": 1.5, "n": 1}'
                expect: {speed: 1.5, seq: 1}
            """;

    @Test
    void refuses_a_broken_change_applies_a_good_one_and_loses_nothing() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Path file = profiles.resolve("line-speed.yaml");
        Files.writeString(file, LINE_SPEED_V1);
        var config = GatewayFixture.embedded(dir, profiles, List.of(new DeviceConfig("belt-1", "line-speed")));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "belt-1")) {
            Streamer streamer = new Streamer(device);
            Thread thread = new Thread(streamer, "belt-1-streamer");
            thread.start();
            await().atMost(WAIT).until(() -> streamer.acknowledged.size() >= 200);

            // A typo: refused, the old profile stays in force.
            replace(file, LINE_SPEED_V1.replace("range: [0, 100]", "rnage: [0, 100]"));
            await().atMost(WAIT).until(() -> lastChange(gateway) != null);
            JsonObject refused = lastChange(gateway);
            assertThat(refused.getBoolean("applied")).isFalse();
            assertThat(refused.getJsonArray("problems").getString(0))
                    .contains("line-speed.yaml:6: metrics.speed.rnage: unknown key");
            assertThat(metric(gateway, "ganglion_profiles_reloads_total{outcome=\"refused\"}")).isEqualTo(1);
            int afterRefusal = streamer.acknowledged.size();
            await().atMost(WAIT).until(() -> streamer.acknowledged.size() >= afterRefusal + 200);

            // A good change: speed now reported in km/h by the device, stored in m/s, with a tighter range.
            replace(file, LINE_SPEED_V1.replace("speed: {type: float, unit: m/s, range: [0, 100]}",
                    "speed: {type: float, unit: m/s, range: [0, 1], convertFrom: km/h}")
                    .replace("expect: {speed: 1.5, seq: 1}", "expect: {speed: {value: 0.41666666666666667, "
                            + "quality: good}, seq: 1}"));
            await().atMost(WAIT).until(() -> lastChange(gateway).getBoolean("applied"));
            assertThat(metric(gateway, "ganglion_profiles_reloads_total{outcome=\"applied\"}")).isEqualTo(1);
            long generation = get(gateway, "/api/v1/profiles").json().getLong("generation");
            assertThat(generation).isEqualTo(2);
            int afterApply = streamer.acknowledged.size();
            await().atMost(WAIT).until(() -> streamer.acknowledged.size() >= afterApply + 200);

            streamer.running.set(false);
            thread.join(10_000);
            Set<Long> acknowledged = Set.copyOf(streamer.acknowledged);
            List<JsonObject> seqs = readings(gateway, "seq");
            Set<Long> stored = seqs.stream().map(r -> (long) (double) r.getDouble("value")).collect(Collectors.toSet());
            assertThat(stored).containsAll(acknowledged);
            assertThat(metric(gateway, "ganglion_ingest_rejected_total{reason=\"malformed\"}")).isZero();

            // The newest speeds were decoded by the new profile: 1.5 km/h is 0.4167 m/s, and BAD above 1 m/s.
            JsonObject newest = readings(gateway, "speed").get(0);
            assertThat(newest.getDouble("value")).isCloseTo(1.5 / 3.6, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(newest.getString("quality")).isEqualTo("GOOD");
        }
    }

    @Test
    void refuses_a_change_that_strands_a_device_or_fails_its_own_test_vectors() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Path file = profiles.resolve("line-speed.yaml");
        Files.writeString(file, LINE_SPEED_V1);
        var config = GatewayFixture.embedded(dir, profiles, List.of(new DeviceConfig("belt-1", "line-speed")));
        try (Gateway gateway = Gateway.start(config, "test")) {
            // The vector no longer matches what the profile decodes: it would store wrong values.
            replace(file, LINE_SPEED_V1.replace("{speed: 1.5, seq: 1}", "{speed: 2.5, seq: 1}"));
            await().atMost(WAIT).until(() -> lastChange(gateway) != null);
            assertThat(lastChange(gateway).getBoolean("applied")).isFalse();
            assertThat(lastChange(gateway).getJsonArray("problems").getString(0))
                    .contains("test vector 'typical' of profile 'line-speed' fails");

            // The profile a configured device uses is gone.
            Files.move(file, profiles.resolve("line-speed.yaml.disabled"));
            await().atMost(WAIT).until(() -> lastChange(gateway).getJsonArray("problems").getString(0)
                    .contains("devices[0].profile"));
            assertThat(lastChange(gateway).getJsonArray("problems").getString(0))
                    .contains("gateway configuration devices[0].profile: expected one of the loaded profiles");
            assertThat(get(gateway, "/api/v1/profiles").json().getLong("generation")).isEqualTo(1);
            assertThat(metric(gateway, "ganglion_profiles_reloads_total{outcome=\"refused\"}")).isEqualTo(2);
        }
    }

    /** As a deployment tool should: write beside, then rename over, so the gateway never sees half a file. */
    private static void replace(Path file, String text) throws Exception {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonObject lastChange(Gateway gateway) throws Exception {
        return get(gateway, "/api/v1/profiles").json().getJsonObject("reload").getJsonObject("lastChange");
    }

    private static List<JsonObject> readings(Gateway gateway, String metric) throws Exception {
        JsonArray items = get(gateway, "/api/v1/devices/belt-1/readings?metric=" + metric + "&limit=10000").json()
                .getJsonArray("readings");
        return items.stream().map(JsonObject.class::cast).toList();
    }

    /** Publishes {"v": 1.5, "n": seq} at QoS1 as fast as its window allows, recording what was acknowledged. */
    private static final class Streamer implements Runnable {
        final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        private final TestDevice device;

        Streamer(TestDevice device) {
            this.device = device;
        }

        @Override
        public void run() {
            long seq = 0;
            while (running.get()) {
                long n = seq;
                byte[] payload = ("{\"v\": 1.5, \"n\": " + n + "}").getBytes(StandardCharsets.UTF_8);
                try {
                    device.client.publish("devices/belt-1/telemetry", payload, 1, false, null,
                            new IMqttActionListener() {
                                @Override
                                public void onSuccess(IMqttToken token) {
                                    acknowledged.add(n);
                                }

                                @Override
                                public void onFailure(IMqttToken token, Throwable failure) {
                                    // not acknowledged: nothing owed
                                }
                            });
                    seq++;
                    Thread.sleep(1); // a steady stream, not a flood: about a thousand messages a second
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
