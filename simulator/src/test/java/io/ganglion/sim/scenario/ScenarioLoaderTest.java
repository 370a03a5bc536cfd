package io.ganglion.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.faults.FaultSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    @Test
    void both_shipped_scenarios_load_by_name() throws ConfigException {
        ScenarioLoader loader = new ScenarioLoader();

        LoadedScenario intersection = loader.loadShipped("intersection");
        LoadedScenario factory = loader.loadNamed("factory");

        assertThat(intersection.scenario().devices()).extracting(DeviceGroup::profile).contains(
                "inductive-loop-detector", "airq-senml-json", "noise-level-meter", "relay-output");
        assertThat(intersection.scenario().cameras()).extracting(CameraGroup::profile).containsExactly("ip-camera");
        assertThat(factory.scenario().devices()).extracting(DeviceGroup::profile).contains(
                "motor-vibration-cbor", "plc-part-counter", "energy-meter-modbus");
        assertThat(factory.scenario().devices().get(0).interval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void the_source_scenarios_are_the_shipped_ones() throws ConfigException {
        for (String name : ShippedScenarios.NAMES) {
            assertThat(new ScenarioLoader().load(Path.of("scenarios", name + ".yaml")).scenario())
                    .isEqualTo(new ScenarioLoader().loadShipped(name).scenario());
        }
    }

    @Test
    void without_faults_a_scenario_keeps_everything_but_its_faults() throws ConfigException {
        Scenario factory = new ScenarioLoader().loadShipped("factory").scenario();
        assertThat(factory.devices()).anyMatch(group -> !group.faults().equals(FaultSpec.none()));

        Scenario clean = factory.withoutFaults();

        assertThat(clean.devices()).allMatch(group -> group.faults().equals(FaultSpec.none()));
        assertThat(clean.devices()).extracting(DeviceGroup::id, DeviceGroup::count, DeviceGroup::interval,
                DeviceGroup::jitter, DeviceGroup::values).containsExactlyElementsOf(factory.devices().stream()
                .map(g -> org.assertj.core.groups.Tuple.tuple(g.id(), g.count(), g.interval(), g.jitter(), g.values()))
                .toList());
        assertThat(clean.cameras()).isEqualTo(factory.cameras());
        assertThat(clean.seed()).isEqualTo(factory.seed());
    }

    @Test
    void an_unknown_shipped_scenario_lists_the_ones_there_are() {
        assertThatThrownBy(() -> new ScenarioLoader().loadShipped("harbour"))
                .hasMessage("scenarios/harbour.yaml: no such shipped scenario (shipped: intersection, factory)");
    }

    @Test
    void defaults_fill_what_a_short_file_leaves_out() throws ConfigException {
        Scenario scenario = TestScenarios.load("devices:\n  - {id: air, profile: airq-senml-json}\n").scenario();

        DeviceGroup group = scenario.devices().get(0);
        assertThat(scenario.seed()).isEqualTo(1L);
        assertThat(scenario.runLength()).isEmpty();
        assertThat(group.count()).isEqualTo(1);
        assertThat(group.transport()).isEqualTo(Transport.MQTT);
        assertThat(group.mqtt()).isEqualTo(new MqttOptions(1, false, true));
        assertThat(group.jitter()).isEqualTo(0.1);
        assertThat(group.faults().isNone()).isTrue();
        assertThat(group.deviceId(0)).isEqualTo("air-0001");
        assertThat(group.deviceId(41)).isEqualTo("air-0042");
    }

    @Test
    void ids_grow_a_digit_for_large_groups() throws ConfigException {
        DeviceGroup group = TestScenarios.load("devices:\n  - {id: n, count: 12000, profile: airq-senml-json}\n")
                .scenario().devices().get(0);

        assertThat(group.deviceId(0)).isEqualTo("n-00001");
        assertThat(group.deviceId(11999)).isEqualTo("n-12000");
    }

    @Test
    void an_unknown_profile_is_named_with_its_key_line_and_the_known_ones() {
        assertThatThrownBy(() -> TestScenarios.load("name: x\ndevices:\n  - id: air\n    profile: airq-v9\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:4: devices[0].profile: expected the id of a profile in the"
                        + " library (airq-senml-cbor, airq-senml-json,")
                .hasMessageEndingWith("got 'airq-v9'");
    }

    @Test
    void a_firmware_outside_the_profile_range_is_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    firmware: 2.0.0\n"))
                .hasMessage("test.yaml:4: devices[0].firmware: expected a version in the range of profile"
                        + " airq-senml-json (>=1 <2), got '2.0.0'");
    }

    @Test
    void a_value_model_for_a_metric_the_profile_lacks_is_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    values:\n      ozone: {constant: 3}\n"))
                .hasMessage("test.yaml:5: devices[0].values.ozone: expected a metric of profile airq-senml-json"
                        + " (no2, pm1, pm10, pm2_5), got 'ozone'");
    }

    @Test
    void gpio_goes_with_profiles_that_have_pins_only() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - {id: loop, profile: inductive-loop-detector}\n"))
                .hasMessage("test.yaml:2: devices[0].transport: expected gpio: profile inductive-loop-detector is"
                        + " wired to the gateway's pins, got mqtt");
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - {id: n, profile: noise-level-meter,"
                + " transport: gpio}\n"))
                .hasMessageContaining("devices[0].transport: expected mqtt, coap or coaps");
    }

    @Test
    void a_firmware_change_must_select_a_profile_of_the_same_model() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    faults:\n      firmwareChange: {at: 1m, to: 7.0.1}\n"))
                .hasMessageStartingWith("test.yaml:5: devices[0].faults.firmwareChange.to: expected a firmware"
                        + " version that selects a profile of model airq-node, got '7.0.1': no profile of model"
                        + " airq-node covers firmware 7.0.1");
    }

    @Test
    void a_version_written_as_a_number_is_rejected_with_what_was_expected() {
        // YAML reads 1.10 as the number 1.1: a version must be text.
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    firmware: 1.10\n"))
                .hasMessageStartingWith("test.yaml:4: devices[0].firmware: expected a firmware version such as"
                        + " 2.1.0");
    }

    @Test
    void a_metric_of_the_updated_firmware_may_have_a_value_model() throws ConfigException {
        LoadedScenario loaded = TestScenarios.load("devices:\n  - id: bme\n    profile: bosch-bme280-binary\n"
                + "    firmware: 1.2.0\n    faults:\n      firmwareChange: {at: 1m, to: 2.1.0}\n"
                + "    values:\n      pressure: {constant: 100000}\n");

        assertThat(loaded.scenario().devices().get(0).values()).containsKey("pressure");
    }

    @Test
    void two_value_models_for_one_metric_are_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    values:\n      pm10: {constant: 3, randomWalk: {step: 1}}\n"))
                .hasMessageStartingWith("test.yaml:5: devices[0].values.pm10")
                .hasMessageContaining("expected exactly one of constant, randomWalk, dailyCycle, bursts, steps,"
                        + " counter, got 2 models");
    }

    @Test
    void a_fault_rate_above_one_is_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    faults:\n      malformed: 1.5\n"))
                .hasMessageStartingWith("test.yaml:5: devices[0].faults.malformed")
                .hasMessageContaining("expected a share from 0 to 1, such as 0.01, got 1.5");
    }

    @Test
    void interval_and_rate_together_are_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    interval: 5s\n    rate: 2\n"))
                .hasMessageContaining("devices[0].rate")
                .hasMessageContaining("expected either interval or rate, not both");
    }

    @Test
    void an_unknown_key_is_rejected_not_ignored() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    qos: 1\n"))
                .hasMessageStartingWith("test.yaml:4: devices[0].qos");
    }

    @Test
    void coaps_needs_a_key() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: air\n    profile: airq-senml-json\n"
                + "    transport: coaps\n"))
                .hasMessageContaining("devices[0].psk")
                .hasMessageContaining("expected a pre-shared key {identity, secret} for coaps, got nothing");
    }

    @Test
    void a_scenario_without_devices_is_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("name: empty\n"))
                .hasMessageContaining("devices: expected at least one device or camera group, got none");
    }

    @Test
    void the_same_prefix_twice_is_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - {id: a, profile: airq-senml-json}\n"
                + "  - {id: a, profile: noise-level-meter}\n"))
                .hasMessageContaining("expected each id prefix once across devices and cameras, got 'a' twice");
    }

    @Test
    void a_camera_needs_a_camera_profile_and_a_folder_with_photos(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TestScenarios.load("cameras:\n  - {id: c, profile: noise-level-meter}\n"))
                .hasMessage("test.yaml:2: cameras[0].profile: expected a profile with a camera section (such as"
                        + " ip-camera), got 'noise-level-meter', which has none");
        Files.writeString(dir.resolve("scenario.yaml"), "cameras:\n  - id: c\n    profile: ip-camera\n"
                + "    folder: photos\n");
        Files.createDirectory(dir.resolve("photos"));
        assertThatThrownBy(() -> new ScenarioLoader().load(dir.resolve("scenario.yaml")))
                .hasMessageContaining("scenario.yaml:4: cameras[0].folder: expected a folder of JPEG photos"
                        + " (*.jpg, *.jpeg), got " + dir.resolve("photos") + ", which has none");
    }

    @Test
    void a_start_that_is_not_an_instant_is_rejected() {
        assertThatThrownBy(() -> TestScenarios.load("start: tomorrow\ndevices:\n"
                + "  - {id: a, profile: airq-senml-json}\n"))
                .hasMessage("test.yaml:1: start: expected an ISO-8601 UTC time such as 2026-03-02T06:00:00Z,"
                        + " got 'tomorrow'");
    }

    @Test
    void a_profiles_directory_adds_to_the_library_relative_to_the_file(@TempDir Path dir) throws Exception {
        Path library = Path.of("..", "firmware-profiles", "profiles", "noise-level-meter.yaml");
        Files.createDirectory(dir.resolve("site-profiles"));
        Files.writeString(dir.resolve("site-profiles").resolve("noise-v2.yaml"), Files.readString(library)
                .replace("id: noise-level-meter", "id: noise-v2").replace("firmware: \">=1.0 <2\"",
                        "firmware: \">=2.0 <3\""));
        Files.writeString(dir.resolve("site.yaml"), "profiles: site-profiles\ndevices:\n"
                + "  - {id: n, profile: noise-v2, firmware: 2.0.0}\n  - {id: a, profile: airq-senml-json}\n");

        LoadedScenario loaded = new ScenarioLoader().load(dir.resolve("site.yaml"));

        assertThat(loaded.profile("noise-v2").firmware().toString()).isEqualTo(">=2.0 <3");
        assertThat(loaded.profile("airq-senml-json")).isNotNull();
    }

    @Test
    void a_profiles_directory_that_does_not_exist_is_named() {
        assertThatThrownBy(() -> TestScenarios.load("profiles: nowhere\ndevices:\n"
                + "  - {id: a, profile: airq-senml-json}\n"))
                .hasMessageStartingWith("test.yaml:1: profiles: expected a directory of valid profiles, got nowhere");
    }

    @Test
    void a_psk_without_a_secret_is_rejected_without_echoing_it() {
        assertThatThrownBy(() -> TestScenarios.load("devices:\n  - id: a\n    profile: airq-senml-json\n"
                + "    transport: coaps\n    psk: {identity: x, secret: \"   \"}\n"))
                .hasMessageContaining("devices[0].psk.secret: expected the pre-shared key as text (e.g. ${SIM_PSK}),"
                        + " got nothing");
    }
}
