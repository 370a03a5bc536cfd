package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vector that is wrong fails, and says what differed and where the vector is. */
class TestVectorsTest {
    @TempDir
    Path dir;

    private List<VectorResult> run(String tests) throws Exception {
        new ProfileFiles(dir).write("thermo.yaml", ProfileFiles.THERMO + "tests:\n" + tests);
        return TestVectors.run(ProfileSet.load(dir));
    }

    private VectorResult only(String tests) throws Exception {
        List<VectorResult> results = run(tests);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void a_vector_that_matches_passes() throws Exception {
        VectorResult result = only("  - {name: ok, payload: '{\"ts\": 5, \"env\": {\"t\": 21.5, \"p\": 1013.25}}',"
                + " timestamp: 5, expect: {temperature: 21.5, pressure: 101325}}\n");

        assertThat(result).isEqualTo(new VectorResult("thermo-v1", "ok", dir.resolve("thermo.yaml") + ":19", true,
                ""));
    }

    @Test
    void a_wrong_value_is_reported_with_both_values() throws Exception {
        VectorResult result = only("  - {name: off, payload: '{\"env\": {\"t\": 21.7}}', expect: {temperature: 21.5}}\n");

        assertThat(result.passed()).isFalse();
        assertThat(result.difference()).startsWith("temperature: expected 21.5, got 21.7 (tolerance ");
    }

    @Test
    void a_wrong_quality_timestamp_or_set_of_metrics_is_reported() throws Exception {
        VectorResult result = only("  - {name: off, payload: '{\"ts\": 7, \"env\": {\"t\": 99, \"p\": 1000}}',"
                + " timestamp: 8, expect: {temperature: 99}}\n");

        assertThat(result.difference()).isEqualTo("temperature: expected quality good, got bad (99); temperature:"
                + " expected timestamp 8, got 7; unexpected reading [pressure=100000 Pa (good)]");
    }

    @Test
    void a_missing_metric_is_reported() throws Exception {
        assertThat(only("  - {name: off, payload: '{\"env\": {\"t\": 1}}', expect: {temperature: 1, pressure: 2}}\n")
                .difference()).isEqualTo("pressure: expected 2, got no reading");
    }

    @Test
    void a_reject_vector_checks_the_reason() throws Exception {
        List<VectorResult> results = run("  - {name: right, payload: '{', reject: malformed}\n"
                + "  - {name: wrong, payload: '{', reject: wrong_type}\n"
                + "  - {name: decodes, payload: '{\"env\": {\"t\": 1}}', reject: malformed}\n");

        assertThat(results).extracting(VectorResult::passed).containsExactly(true, false, false);
        assertThat(results.get(1).difference()).startsWith("expected reject wrong_type, got reject malformed: ");
        assertThat(results.get(2).difference()).isEqualTo("expected reject malformed, got readings"
                + " [temperature=1 Cel (good)]");
    }

    @Test
    void a_command_vector_compares_json_as_json() throws Exception {
        List<VectorResult> results = run(
                "  - {command: set-interval, parameters: {seconds: 60}, payload: '{ \"interval_s\" : 60.0 }'}\n"
                + "  - {command: set-interval, parameters: {seconds: 61}, payload: '{\"interval_s\": 60}'}\n"
                + "  - {command: set-interval, parameters: {seconds: 0}, payload: '{\"interval_s\": 0}'}\n");

        assertThat(results).extracting(VectorResult::passed).containsExactly(true, false, false);
        assertThat(results.get(1).difference()).isEqualTo("expected {\"interval_s\":60}, got {\"interval_s\":61}");
        assertThat(results.get(2).difference()).startsWith("cannot encode: command 'set-interval' of profile"
                + " thermo-v1 parameter 'seconds' must be within [1, 3600], got 0");
        assertThat(results.get(0).vector()).isEqualTo("command set-interval(seconds=60)");
    }

    @Test
    void a_binary_payload_must_re_encode_to_the_same_bytes() throws Exception {
        new ProfileFiles(dir).write("meter.yaml",
                "id: meter", "model: meter", "firmware: '*'",
                "metrics: {volts: {unit: V}}",
                "telemetry: {codec: binary, length: 3, fields: {volts: {at: 0, type: uint16, scale: 0.1}}}",
                "tests:",
                "  - {name: padded, payloadHex: 09 00 00, expect: {volts: 230.4}}",
                "  - {name: stray byte, payloadHex: 09 00 ff, expect: {volts: 230.4}}");

        List<VectorResult> results = TestVectors.run(ProfileSet.load(dir));

        assertThat(results).extracting(VectorResult::passed).containsExactly(true, false);
        assertThat(results.get(1).difference()).isEqualTo("round trip: re-encoded bytes differ: expected 09 00 ff,"
                + " got 09 00 00");
    }
}
