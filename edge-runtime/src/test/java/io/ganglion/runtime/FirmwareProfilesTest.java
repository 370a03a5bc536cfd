package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices decoded through the shipped firmware profiles: the firmware a device announces picks the profile of its
 * model, a firmware no profile covers is flagged instead of decoded wrongly, the choice survives a restart, and a
 * brownfield topic layout from a profile reaches the right device.
 */
class FirmwareProfilesTest {
    @TempDir
    Path dir;

    /**
     * Device time of the next reading: whole seconds (firmware 1 sends seconds), one apart, so that "the newest
     * reading" is the one sent last.
     */
    private long deviceTime = (System.currentTimeMillis() / 1000 - 100) * 1000;

    @Test
    void the_announced_firmware_selects_the_profile_of_the_model() throws Exception {
        var config = GatewayFixture.embedded(dir, null, List.of(new DeviceConfig("env-7", null, "bme280-node", null)));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "env-7")) {
            // Two firmware generations exist and the device has not said which it runs: nothing is guessed.
            device.send(jsonReading(21.5, 1013.25), 1);
            assertThat(metric(gateway, "ganglion_ingest_rejected_total{reason=\"firmware_mismatch\"}")).isEqualTo(1);
            JsonObject flagged = get(gateway, "/api/v1/devices/env-7").json();
            assertThat(flagged.getValue("profile")).isNull();
            assertThat(flagged.getJsonObject("profileProblem").getString("detail"))
                    .contains("has not announced its firmware").contains("bosch-bme280-json");

            // Firmware 2: JSON, pressure in hPa, stored in Pa.
            status(device, "{\"firmware\": \"2.1.0\", \"state\": \"online\"}");
            device.send(jsonReading(21.5, 1013.25), 1);
            JsonObject pressure = latest(gateway, "pressure");
            assertThat(pressure.getDouble("value")).isEqualTo(101325.0);
            assertThat(pressure.getString("unit")).isEqualTo("Pa");
            JsonObject env7 = get(gateway, "/api/v1/devices/env-7").json();
            assertThat(env7.getString("profile")).isEqualTo("bosch-bme280-json");
            assertThat(env7.getString("firmware")).isEqualTo("2.1.0");
            assertThat(env7.getString("state")).isEqualTo("online");

            // Downgraded to firmware 1: a 12-byte struct.
            status(device, "{\"firmware\": \"1.4\"}");
            device.sendTo("devices/env-7/telemetry", binaryReading(19.25, 4520, 10_132_500), 1);
            assertThat(latest(gateway, "temperature").getDouble("value")).isEqualTo(19.25);
            assertThat(get(gateway, "/api/v1/devices/env-7").json().getString("profile"))
                    .isEqualTo("bosch-bme280-binary");

            // Out of range values are kept, marked BAD and counted.
            status(device, "{\"firmware\": \"2.2\"}");
            device.send(jsonReading(120, 1013), 1);
            assertThat(latest(gateway, "temperature").getString("quality")).isEqualTo("BAD");
            assertThat(metric(gateway, "ganglion_ingest_bad_quality_total")).isEqualTo(1);

            // Firmware no profile covers: flagged, and its telemetry is rejected, not decoded as firmware 2.
            status(device, "{\"firmware\": \"9.0\"}");
            device.send(jsonReading(22, 1000), 1);
            assertThat(metric(gateway, "ganglion_ingest_rejected_total{reason=\"firmware_mismatch\"}")).isEqualTo(2);
            JsonObject rejected = get(gateway, "/api/v1/rejected?limit=1").json().getJsonArray("rejected")
                    .getJsonObject(0);
            assertThat(rejected.getString("reason")).isEqualTo("firmware_mismatch");
            assertThat(rejected.getString("detail")).contains("no profile of model bme280-node covers firmware 9.0");
            JsonArray unresolved = get(gateway, "/api/v1/profiles").json().getJsonArray("unresolvedDevices");
            assertThat(unresolved).hasSize(1);
            assertThat(unresolved.getJsonObject(0).getString("device")).isEqualTo("env-7");

            status(device, "{\"firmware\": \"2.3.1\"}");
        }

        // After a restart the store remembers firmware 2.3.1: decoded at once, without a new announcement.
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "env-7")) {
            device.send(jsonReading(23.5, 1000), 1);
            assertThat(latest(gateway, "temperature").getDouble("value")).isEqualTo(23.5);
        }
    }

    @Test
    void a_profile_from_the_directory_brings_its_own_topic_layout() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("plant-env.yaml"), """
                # A brownfield BME280 node that publishes on the plant's own topics.
                id: plant-env
                extends: bosch-bme280-json
                model: plant-env-node
                firmware: "*"
                transports:
                  mqtt: {telemetry: "plant/{line}/{deviceId}/env", status: "plant/{line}/{deviceId}/state"}
                """);
        var config = GatewayFixture.embedded(dir, profiles, List.of(new DeviceConfig("env-9", "plant-env")));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "env-9")) {
            device.sendTo("plant/line-2/env-9/env", jsonReading(18.0, 1000).getBytes(StandardCharsets.UTF_8), 1);

            assertThat(latest(gateway, "temperature").getDouble("value")).isEqualTo(18.0);
            JsonObject profile = get(gateway, "/api/v1/profiles").json().getJsonArray("profiles").stream()
                    .map(JsonObject.class::cast).filter(p -> p.getString("id").equals("plant-env")).findFirst()
                    .orElseThrow();
            assertThat(profile.getJsonObject("mqtt").getString("telemetry")).isEqualTo("plant/{line}/{deviceId}/env");
            assertThat(profile.getJsonArray("devices")).containsExactly("env-9");
            assertThat(profile.getString("source")).endsWith("plant-env.yaml");
        }
    }

    @Test
    void refuses_to_start_with_a_broken_profile_or_a_model_nobody_knows() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("broken.yaml"), "id: broken\nvendor: x\nmodel: y\nfirmware: '>=1'\n"
                + "metrics: {t: {unit: degrees}}\n");
        var withBroken = GatewayFixture.embedded(dir, profiles, List.of());
        assertThatThrownBy(() -> Gateway.start(withBroken, "gateway.yaml"))
                .isInstanceOf(ProfileSetException.class)
                .hasMessageContaining("broken.yaml:5: metrics.t.unit");

        var unknownModel = GatewayFixture.embedded(dir, null,
                List.of(new DeviceConfig("env-1", null, "bme680-node", null)));
        assertThatThrownBy(() -> Gateway.start(unknownModel, "gateway.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: devices[0].model: expected a model of the loaded profiles [")
                .hasMessageContaining("bme280-node");
    }

    private static void status(TestDevice device, String json) throws Exception {
        device.sendTo("devices/" + device.id + "/status", json.getBytes(StandardCharsets.UTF_8), 1);
    }

    private String jsonReading(double celsius, double hectopascal) {
        deviceTime += 1000;
        return "{\"ts\": " + deviceTime + ", \"env\": {\"t\": " + celsius + ", \"h\": 45.2, \"p\": "
                + hectopascal + "}}";
    }

    /** Firmware 1's struct: uint32 epoch seconds, int16 0.01 Cel, uint16 0.01 %, uint32 0.01 Pa, big-endian. */
    private byte[] binaryReading(double celsius, int humidityHundredths, long pressureHundredths) {
        deviceTime += 1000;
        return ByteBuffer.allocate(12).putInt((int) (deviceTime / 1000))
                .putShort((short) Math.round(celsius * 100)).putShort((short) humidityHundredths)
                .putInt((int) pressureHundredths).array();
    }

    /** The newest reading of a metric of the configuration's (only) device. */
    private static JsonObject latest(Gateway gateway, String metric) throws Exception {
        String device = gateway.config().devices().get(0).id();
        JsonArray readings = get(gateway, "/api/v1/devices/" + device + "/readings?metric=" + metric + "&limit=1")
                .json().getJsonArray("readings");
        assertThat(readings).as("readings of %s", metric).isNotEmpty();
        return readings.getJsonObject(0);
    }
}
