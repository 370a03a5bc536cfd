package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.ganglion.drivers.gpio.GpioDriver;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inductive loop detector wired to the gateway's pins (Pi4J's mock pins here): vehicles and occupancy reach the
 * store through the GPIO driver and the library profile, like any device's readings; and side by side with MQTT and
 * CoAP devices in the same store and API.
 */
class GpioDevicesTest {
    @TempDir
    Path dir;

    /** The library profile with 1 s windows instead of 10 s, so that the test need not wait for a 10 s boundary. */
    private Path loopDetectorWithShortWindows() throws Exception {
        String yaml;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream(ProfileSet.LIBRARY_FOLDER + "/inductive-loop-detector.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(yaml).contains("window: 10s");
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("inductive-loop-detector.yaml"), yaml.replace("window: 10s", "window: 1s"));
        return profiles;
    }

    @Test
    void a_loop_detector_on_gpio_reports_vehicles_and_occupancy() throws Exception {
        var config = GatewayFixture.embedded(dir, loopDetectorWithShortWindows(),
                List.of(new DeviceConfig("loop-1", "inductive-loop-detector")));
        try (Gateway gateway = Gateway.start(config, "test")) {
            GpioDriver gpio = gateway.gpioDriver().orElseThrow();
            MockDigitalInput loop = gpio.context().registry().get("gpio-17", MockDigitalInput.class);
            MockDigitalInput fault = gpio.context().registry().get("gpio-27", MockDigitalInput.class);
            fault.mockState(DigitalState.HIGH); // active-low fault output: high is a healthy loop
            for (int vehicle = 0; vehicle < 3; vehicle++) {
                loop.mockState(DigitalState.HIGH);
                Thread.sleep(40);
                loop.mockState(DigitalState.LOW);
                Thread.sleep(20);
            }

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sum(readings(gateway, "vehicles")) == 3);
            assertThat(readings(gateway, "occupancy")).anySatisfy(r -> assertThat(r.getDouble("value")).isPositive());
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(readings(gateway, "loop_fault")).first() // a bool is stored as 0 or 1
                            .extracting(r -> r.getDouble("value")).isEqualTo(0.0));

            JsonArray devices = new JsonArray(get(gateway, "/api/v1/devices").body());
            JsonObject loop1 = devices.stream().map(JsonObject.class::cast)
                    .filter(d -> d.getString("id").equals("loop-1")).findFirst().orElseThrow();
            assertThat(loop1.getString("transport")).isEqualTo("gpio");
            assertThat(loop1.getString("profile")).isEqualTo("inductive-loop-detector");
            assertThat(GatewayFixture.metric(gateway, "ganglion_gpio_reports_dropped_total")).isZero();
        }
    }

    @Test
    void mqtt_coap_and_gpio_devices_side_by_side_in_one_store() throws Exception {
        var config = GatewayFixture.embedded(dir, loopDetectorWithShortWindows(), List.of(
                new DeviceConfig("loop-1", "inductive-loop-detector"),
                new DeviceConfig("cabinet-1", "json-telemetry"),
                new DeviceConfig("meter-3", "json-telemetry")));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice mqttDevice = new TestDevice(GatewayFixture.endpointUrl(gateway), "cabinet-1")) {
            mqttDevice.send("{\"temperature\": 24.5}", 1);
            // An endpoint of our own with an in-memory configuration: Californium's default one would write a
            // Californium3.properties file into the working directory.
            org.eclipse.californium.core.config.CoapConfig.register();
            org.eclipse.californium.elements.config.UdpConfig.register();
            CoapClient coap = new CoapClient("coap://127.0.0.1:" + gateway.coapPort().orElseThrow()
                    + "/devices/meter-3/telemetry");
            coap.setEndpoint(org.eclipse.californium.core.network.CoapEndpoint.builder()
                    .setConfiguration(new org.eclipse.californium.elements.config.Configuration())
                    .setInetSocketAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).build());
            try {
                CoapResponse response = coap.post("{\"power\": 230}", MediaTypeRegistry.APPLICATION_JSON);
                assertThat(response.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            } finally {
                coap.shutdown();
                coap.getEndpoint().destroy();
            }
            MockDigitalInput loop = gateway.gpioDriver().orElseThrow().context().registry()
                    .get("gpio-17", MockDigitalInput.class);
            loop.mockState(DigitalState.HIGH);
            Thread.sleep(30);
            loop.mockState(DigitalState.LOW);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sum(readings(gateway, "vehicles")) == 1);
            JsonArray devices = new JsonArray(get(gateway, "/api/v1/devices").body());
            assertThat(devices.stream().map(JsonObject.class::cast)
                    .map(d -> d.getString("id") + ":" + d.getString("transport")))
                    .contains("cabinet-1:mqtt", "meter-3:coap", "loop-1:gpio");
            assertThat(get(gateway, "/api/v1/devices/meter-3/readings").json().getJsonArray("readings")
                    .getJsonObject(0).getDouble("value")).isEqualTo(230.0);
            assertThat(get(gateway, "/api/v1/devices/cabinet-1/readings").json().getJsonArray("readings")
                    .getJsonObject(0).getDouble("value")).isEqualTo(24.5);
        }
    }

    @Test
    void two_cards_of_one_profile_on_their_own_pins_count_separately() throws Exception {
        var config = GatewayFixture.embedded(dir, loopDetectorWithShortWindows(), List.of(
                new DeviceConfig("loop-1", "inductive-loop-detector"),
                new DeviceConfig("loop-2", "inductive-loop-detector", null, null, null, null,
                        java.util.Map.of("loop", 5, "fault", 6))));
        try (Gateway gateway = Gateway.start(config, "test")) {
            var registry = gateway.gpioDriver().orElseThrow().context().registry();
            MockDigitalInput lane1 = registry.get("gpio-17", MockDigitalInput.class);
            MockDigitalInput lane2 = registry.get("gpio-5", MockDigitalInput.class);
            for (int vehicle = 0; vehicle < 2; vehicle++) {
                for (MockDigitalInput lane : vehicle == 0 ? List.of(lane1, lane2) : List.of(lane2)) {
                    lane.mockState(DigitalState.HIGH);
                    Thread.sleep(30);
                    lane.mockState(DigitalState.LOW);
                    Thread.sleep(20);
                }
            }

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sum(readings(gateway, "loop-1", "vehicles")) == 1
                            && sum(readings(gateway, "loop-2", "vehicles")) == 2);
        }
    }

    @Test
    void pins_that_name_no_pin_of_the_profile_or_a_device_not_on_gpio_stop_the_start() throws Exception {
        Path profiles = loopDetectorWithShortWindows();
        var unknownPin = GatewayFixture.embedded(dir, profiles, List.of(new DeviceConfig("loop-1",
                "inductive-loop-detector", null, null, null, null, java.util.Map.of("lop", 5))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gateway.start(unknownPin, "gateway.yaml").close())
                .hasMessageContaining("devices[0].pins.lop: expected a pin name of the profile [loop, fault], "
                        + "got 'lop'");
        var notGpio = GatewayFixture.embedded(dir, profiles, List.of(new DeviceConfig("env-1", "json-telemetry",
                null, null, null, null, java.util.Map.of("loop", 5))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gateway.start(notGpio, "gateway.yaml").close())
                .hasMessageContaining("devices[0].pins: expected pins only for a device whose profile has "
                        + "transports.gpio");
        var samePin = GatewayFixture.embedded(dir, profiles, List.of(
                new DeviceConfig("loop-1", "inductive-loop-detector"),
                new DeviceConfig("loop-2", "inductive-loop-detector", null, null, null, null,
                        java.util.Map.of("loop", 5))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gateway.start(samePin, "gateway.yaml").close())
                .hasMessageContaining("devices");
    }

    /** Newest first. */
    private static List<JsonObject> readings(Gateway gateway, String metric) throws Exception {
        return readings(gateway, "loop-1", metric);
    }

    private static List<JsonObject> readings(Gateway gateway, String device, String metric) throws Exception {
        JsonArray readings = get(gateway, "/api/v1/devices/" + device + "/readings?metric=" + metric
                + "&limit=100").json().getJsonArray("readings");
        return IntStream.range(0, readings.size()).mapToObj(readings::getJsonObject).toList();
    }

    private static int sum(List<JsonObject> readings) {
        return readings.stream().mapToInt(r -> ((Number) r.getValue("value")).intValue()).sum();
    }
}
