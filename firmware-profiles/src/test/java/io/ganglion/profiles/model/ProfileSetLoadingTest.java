package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.yaml.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of problem a profile directory can have is reported with its file, line and key, all at once. */
class ProfileSetLoadingTest {
    @TempDir
    Path dir;

    private ProfileFiles files() {
        return new ProfileFiles(dir);
    }

    private List<String> problems() {
        ProfileSetException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileSetException.class,
                () -> ProfileSet.load(dir));
        return e.problems().stream().map(ConfigException::getMessage).collect(Collectors.toList());
    }

    @Test
    void loads_every_yaml_and_yml_file_of_the_directory() throws Exception {
        files().write("a.yaml", ProfileFiles.THERMO);
        files().write("b.yml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-v2").replace(">=1 <2", ">=2"));
        files().write("notes.txt", "not a profile");

        ProfileSet set = ProfileSet.load(dir);

        assertThat(set.all()).extracting(DeviceProfile::id).containsExactly("thermo-v1", "thermo-v2");
        DeviceProfile profile = set.find("thermo-v1").orElseThrow();
        assertThat(profile.vendor()).isEqualTo("Acme");
        assertThat(profile.file()).isEqualTo(dir.resolve("a.yaml"));
        assertThat(profile.transports()).isEqualTo(Transports.defaults());
        assertThat(profile.metrics().get("temperature").period()).hasSeconds(10);
    }

    @Test
    void reports_every_problem_of_every_file_not_just_the_first() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace("range: [-40, 85]", "range: [85, -40]"));
        Path b = files().write("b.yaml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-v2")
                .replace(">=1 <2", ">=2").replace("unit: Pa", "unit: Pascal"));
        Path c = files().write("c.yaml", "id: broken", "model: [", "");

        assertThat(problems()).containsExactly(
                a + ":6: metrics.temperature.range: expected a range [min, max] of two numbers, min not above max,"
                        + " got [85.0, -40.0]",
                b + ":7: metrics.pressure.unit: expected a known UCUM unit code such as Cel, hPa, %, ug/m3"
                        + " (docs/profiles.md lists them), got 'Pascal'",
                c + ":4: invalid YAML at column 1: expected the node content, but found '<stream end>'"
                        + " (while parsing a flow node)");
    }

    @Test
    void a_duplicate_id_names_both_files() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO);
        Path b = files().write("b.yaml", ProfileFiles.THERMO.replace(">=1 <2", ">=5"));

        assertThat(problems()).containsExactly(b + ":1: id: expected an id no other profile has, got 'thermo-v1',"
                + " which " + a + ":1 has too");
    }

    @Test
    void overlapping_firmware_ranges_of_one_model_are_refused() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO);
        Path b = files().write("b.yaml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-v1b")
                .replace(">=1 <2", ">=1.5 <3"));

        assertThat(problems()).containsExactly(b + ":4: firmware: expected a range no other profile of model thermo"
                + " covers, got '>=1.5 <3', which overlaps thermo-v1 [>=1 <2] (" + a + ":4)");
    }

    @Test
    void adjacent_ranges_and_other_models_do_not_overlap() throws Exception {
        files().write("a.yaml", ProfileFiles.THERMO);
        files().write("b.yaml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-v2").replace(">=1 <2", ">=2 <3"));
        files().write("c.yaml", ProfileFiles.THERMO.replace("thermo-v1", "other").replace("model: thermo",
                "model: other"));

        assertThat(ProfileSet.load(dir).size()).isEqualTo(3);
    }

    @Test
    void a_telemetry_field_must_be_a_declared_metric() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace("    pressure: {path: env.p}",
                "    pressure: {path: env.p}\n    humidity: {path: env.h}"));

        assertThat(problems()).containsExactly(a + ":14: telemetry.fields.humidity: expected a metric declared under"
                + " metrics (temperature, pressure), got 'humidity'");
    }

    @Test
    void a_declared_metric_must_be_produced_by_a_telemetry_field() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace("    pressure: {path: env.p}\n", ""));

        assertThat(problems()).singleElement().asString().startsWith(a + ":7: metrics.pressure: expected a metric"
                + " that a telemetry field produces, got 'pressure', which none does");
    }

    @Test
    void a_concrete_profile_needs_model_firmware_and_telemetry() {
        Path a = files().write("a.yaml", "id: bare", "vendor: Acme", "");

        assertThat(problems()).containsExactly(
                a + ":1: model: expected the model key devices are declared with, got nothing"
                        + " (or abstract: true for a profile only others extend)",
                a + ":1: firmware: expected a firmware range such as \">=2.0 <3\", got nothing"
                        + " (or abstract: true for a profile only others extend)",
                a + ":1: telemetry: expected the telemetry codec, e.g. {codec: json, fields: {...}}, got nothing"
                        + " (or abstract: true for a profile only others extend)");
    }

    @Test
    void an_unknown_key_is_reported_with_a_suggestion() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace("vendor: Acme", "vendro: Acme"));

        assertThat(problems()).singleElement().asString().startsWith(a + ":2: vendro: unknown key (did you mean"
                + " vendor?); allowed at the top level: id, abstract, extends, vendor, model, firmware,");
    }

    @Test
    void an_invalid_firmware_range_names_the_key() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace("'>=1 <2'", "'~1.2'"));

        assertThat(problems()).containsExactly(a + ":4: firmware: expected a firmware range: comparators such as"
                + " \">=2.0 <3\" (>=, >, <=, <, =, all must hold), or \"*\" for any, got '~1.2' ('~1.2' is not one)");
    }

    @Test
    void an_invalid_topic_template_names_the_key() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO + "transports:\n  mqtt:\n"
                + "    telemetry: site/+/{deviceId}\n    status: 'site/dev-{deviceId}/state'\n");

        assertThat(problems()).containsExactly(a + ":20: transports.mqtt.telemetry: expected an MQTT topic template"
                + " with {deviceId} as a whole level, such as devices/{deviceId}/telemetry, without the wildcards +"
                + " and #, got 'site/+/{deviceId}'");
    }

    @Test
    void a_gpio_pin_used_twice_is_a_conflict() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO + "transports:\n  gpio:\n    pins:\n"
                + "      loop: {pin: 17, mode: counter}\n      relay: {pin: 17, mode: relay}\n");

        assertThat(problems()).containsExactly(a + ":22: transports.gpio.pins.relay.pin: expected a pin no other"
                + " name uses (GPIO 17 is already loop), got 17");
    }

    @Test
    void a_command_parameter_range_the_payload_cannot_carry_is_refused() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace(
                "payload: {codec: json, fields: {seconds: {path: interval_s}}}",
                "payload: {codec: binary, length: 1, fields: {seconds: {at: 0, type: uint8}}}"));

        assertThat(problems()).containsExactly(a + ":16: commands.set-interval.parameters.seconds.range: expected a"
                + " range the payload field can carry, within [0, 255], got [1, 3600]");
    }

    @Test
    void a_command_parameter_range_must_fit_its_type() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO.replace("range: [1, 3600]", "range: [0.5, 3600]"));

        assertThat(problems()).containsExactly(a + ":16: commands.set-interval.parameters.seconds.range: expected"
                + " whole numbers for an int parameter, got [0.5, 3600]");
    }

    @Test
    void a_test_vector_naming_an_unknown_metric_or_command_is_refused() {
        Path a = files().write("a.yaml", ProfileFiles.THERMO + "tests:\n"
                + "  - {name: typo, payload: '{}', expect: {temprature: 1}}\n"
                + "  - {command: set-intervall, parameters: {seconds: 1}, payload: '{}'}\n");

        assertThat(problems()).containsExactly(
                a + ":19: tests[0].expect.temprature: expected a metric of the profile (temperature, pressure),"
                        + " got 'temprature'",
                a + ":20: tests[1].command: expected a command of the profile (set-interval), got 'set-intervall'");
    }

    @Test
    void a_directory_that_does_not_exist_is_one_problem() {
        assertThatThrownBy(() -> ProfileSet.load(dir.resolve("absent")))
                .isInstanceOf(ProfileSetException.class)
                .hasMessageContaining("absent: is not a directory of profiles");
    }
}
