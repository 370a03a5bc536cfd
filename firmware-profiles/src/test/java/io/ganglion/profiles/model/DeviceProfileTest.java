package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding into readings (units, ranges, quality, timestamps), encoding back, and commands. */
class DeviceProfileTest {
    private static final long RECEIVED = 1_732_700_000_000L;

    @TempDir
    Path dir;

    private DeviceProfile thermo;

    @BeforeEach
    void load() throws Exception {
        new ProfileFiles(dir).write("thermo.yaml", ProfileFiles.THERMO.replace("  pressure: {unit: Pa,",
                "  running: {type: bool}\n  fahrenheit: {unit: Cel, convertFrom: '[degF]'}\n  pressure: {unit: Pa,")
                .replace("    pressure: {path: env.p}", "    pressure: {path: env.p}\n    running: {path: run}\n"
                        + "    fahrenheit: {path: env.f}"));
        thermo = ProfileSet.load(dir).find("thermo-v1").orElseThrow();
    }

    private List<Reading> decode(String json) throws DecodeException {
        return thermo.decodeTelemetry("dev-1", json.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    @Test
    void decodes_into_readings_in_the_metric_unit_with_the_device_time() throws Exception {
        List<Reading> readings = decode("{\"ts\": 1732700005000, \"env\": {\"t\": 21.5, \"p\": 1013.25}}");

        assertThat(readings).containsExactly(
                new Reading("dev-1", "temperature", 1_732_700_005_000L, 21.5, "Cel", Quality.GOOD),
                new Reading("dev-1", "pressure", 1_732_700_005_000L, 101325, "Pa", Quality.GOOD));
    }

    @Test
    void without_a_device_time_the_receive_time_is_used() throws Exception {
        assertThat(decode("{\"env\": {\"t\": 3}}")).singleElement()
                .extracting(Reading::timestamp).isEqualTo(RECEIVED);
    }

    @Test
    void converts_fahrenheit_with_an_offset() throws Exception {
        assertThat(decode("{\"env\": {\"f\": 212}}").get(0).value()).isCloseTo(100, within(1e-9));
    }

    @Test
    void out_of_range_values_are_kept_with_bad_quality_so_they_can_be_counted() throws Exception {
        List<Reading> readings = decode("{\"env\": {\"t\": 120, \"p\": 1013}}");

        assertThat(readings).extracting(Reading::metric, Reading::value, Reading::quality).containsExactly(
                org.assertj.core.groups.Tuple.tuple("temperature", 120.0, Quality.BAD),
                org.assertj.core.groups.Tuple.tuple("pressure", 101300.0, Quality.GOOD));
        assertThat(readings.stream().filter(r -> r.quality() == Quality.BAD).count()).isEqualTo(1);
    }

    @Test
    void bools_are_one_or_zero_and_anything_else_is_bad() throws Exception {
        assertThat(decode("{\"run\": true}").get(0)).extracting(Reading::value, Reading::quality, Reading::unit)
                .containsExactly(1.0, Quality.GOOD, "");
        assertThat(decode("{\"run\": 2}").get(0).quality()).isEqualTo(Quality.BAD);
    }

    @Test
    void payloads_that_cannot_be_read_are_rejected_with_a_reason() {
        assertThatThrownBy(() -> decode("{\"env\":")).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reason()).isEqualTo(RejectReason.MALFORMED);
        assertThatThrownBy(() -> decode("{\"env\": {\"t\": \"warm\"}}")).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThatThrownBy(() -> decode("{\"other\": 1}")).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).reason()).isEqualTo(RejectReason.EMPTY);
    }

    @Test
    void encodes_readings_back_into_what_the_device_sends() throws Exception {
        byte[] payload = thermo.encodeTelemetry(List.of(
                new Reading("dev-1", "pressure", RECEIVED, 101325, "Pa", Quality.GOOD)));

        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"p\":1013.25");
        assertThat(thermo.decodeTelemetry("dev-1", payload, 0).get(0).value()).isEqualTo(101325.0);
        assertThatThrownBy(() -> thermo.encodeTelemetry(List.of(
                new Reading("dev-1", "voltage", RECEIVED, 1, "V", Quality.GOOD))))
                .hasMessageContaining("profile thermo-v1 has no metric 'voltage'");
    }

    @Test
    void encodes_a_command_with_checked_parameters() throws Exception {
        byte[] payload = thermo.encodeCommand("set-interval", Map.of("seconds", 60));

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("{\"interval_s\":60}");
        assertThat(thermo.encodeCommand("set-interval", Map.of("seconds", 60.0))).isEqualTo(payload);
    }

    @Test
    void refuses_commands_it_cannot_send_saying_why() {
        assertCommandRefused("reboot", Map.of(), InvalidCommandException.Reason.UNKNOWN_COMMAND,
                "profile thermo-v1 has no command 'reboot' (commands: set-interval)");
        assertCommandRefused("set-interval", Map.of(), InvalidCommandException.Reason.MISSING_PARAMETER,
                "command 'set-interval' of profile thermo-v1 needs parameter 'seconds' (a whole number within"
                        + " [1, 3600])");
        assertCommandRefused("set-interval", Map.of("seconds", 60, "minutes", 1),
                InvalidCommandException.Reason.UNKNOWN_PARAMETER, "command 'set-interval' of profile thermo-v1"
                        + " has no parameter 'minutes'; it takes seconds (a whole number within [1, 3600])");
        assertCommandRefused("set-interval", Map.of("seconds", "60"), InvalidCommandException.Reason.WRONG_TYPE,
                "parameter 'seconds' must be a whole number within [1, 3600], got the text '60'");
        assertCommandRefused("set-interval", Map.of("seconds", 1.5), InvalidCommandException.Reason.WRONG_TYPE,
                "parameter 'seconds' must be a whole number within [1, 3600], got 1.5");
        assertCommandRefused("set-interval", Map.of("seconds", 0), InvalidCommandException.Reason.OUT_OF_RANGE,
                "parameter 'seconds' must be within [1, 3600], got 0");
    }

    private void assertCommandRefused(String name, Map<String, ?> parameters, InvalidCommandException.Reason reason,
            String message) {
        assertThatThrownBy(() -> thermo.encodeCommand(name, parameters)).isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((InvalidCommandException) e).reason()).isEqualTo(reason);
    }

    @Test
    void exposes_identity_and_sections() {
        assertThat(thermo.id()).isEqualTo("thermo-v1");
        assertThat(thermo.model()).isEqualTo("thermo");
        assertThat(thermo.firmware()).hasToString(">=1 <2");
        assertThat(thermo.metrics()).containsKeys("temperature", "pressure", "running", "fahrenheit");
        assertThat(thermo.commands().get("set-interval").qos()).isEqualTo(1);
        assertThat(thermo.camera()).isEmpty();
    }

    @Test
    void a_finite_value_that_overflows_in_the_unit_conversion_is_rejected_as_not_finite() throws Exception {
        // Found by TelemetryDecodeFuzzTest (SenML CBOR): -1.7e308 mg/m3 is -Infinity in the metric's ug/m3.
        DeviceProfile airq = ProfileSet.library().find("airq-senml-json").orElseThrow();
        byte[] payload = "[{\"bn\": \"urn:dev:mac:0023befffe804ff1:\", \"n\": \"pm2_5\", \"u\": \"mg/m3\", \"v\": -1.7e308}]"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> airq.decodeTelemetry("air-1", payload, 0)).isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(RejectReason.NOT_FINITE))
                .hasMessageContaining("pm2_5").hasMessageContaining("expected a finite number");
    }
}
