package io.ganglion.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTelemetryProfileTest {
    private static final long RECEIVED = 1_732_700_000_500L;
    private final JsonTelemetryProfile profile = new JsonTelemetryProfile("p", Map.of("temperature", "Cel"));

    private List<Reading> decode(String json) throws DecodeException {
        return profile.decodeTelemetry("dev-1", json.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    private RejectReason rejection(String json) {
        try {
            decode(json);
        } catch (DecodeException e) {
            return e.reason();
        }
        throw new AssertionError("expected " + json + " to be rejected");
    }

    @Test
    void decodes_every_field_as_a_metric_at_the_device_timestamp() throws DecodeException {
        List<Reading> readings = decode("{\"ts\": 1732700000000, \"temperature\": 21.5, \"humidity\": 40}");

        assertThat(readings).containsExactly(
                new Reading("dev-1", "temperature", 1_732_700_000_000L, 21.5, "Cel", Quality.GOOD),
                new Reading("dev-1", "humidity", 1_732_700_000_000L, 40, "", Quality.GOOD));
    }

    @Test
    void uses_the_receive_time_when_the_device_sends_none() throws DecodeException {
        assertThat(decode("{\"temperature\": 1}")).singleElement()
                .extracting(Reading::timestamp).isEqualTo(RECEIVED);
    }

    @Test
    void stores_booleans_as_one_and_zero() throws DecodeException {
        assertThat(decode("{\"door_open\": true, \"alarm\": false}"))
                .extracting(Reading::value).containsExactly(1.0, 0.0);
    }

    @Test
    void rejects_broken_json_as_malformed() {
        assertThat(rejection("{\"temperature\": ")).isEqualTo(RejectReason.MALFORMED);
        assertThat(rejection("not json")).isEqualTo(RejectReason.MALFORMED);
        assertThat(rejection("[1, 2]")).isEqualTo(RejectReason.MALFORMED);
        assertThat(rejection("{\"a\": 1} {\"b\": 2}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(rejection("")).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void rejects_strings_objects_arrays_and_nulls_as_wrong_types() {
        assertThat(rejection("{\"temperature\": \"21.5\"}")).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection("{\"temperature\": {\"v\": 1}}")).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection("{\"temperature\": [1]}")).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection("{\"temperature\": null}")).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection("{\"ts\": \"yesterday\", \"temperature\": 1}")).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejection("{\"ts\": 1.5, \"temperature\": 1}")).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void rejects_nan_infinity_and_overflowing_numbers_as_not_finite() {
        assertThat(rejection("{\"temperature\": NaN}")).isEqualTo(RejectReason.NOT_FINITE);
        assertThat(rejection("{\"temperature\": Infinity}")).isEqualTo(RejectReason.NOT_FINITE);
        assertThat(rejection("{\"temperature\": -Infinity}")).isEqualTo(RejectReason.NOT_FINITE);
        assertThat(rejection("{\"temperature\": 1e400}")).isEqualTo(RejectReason.NOT_FINITE);
    }

    @Test
    void rejects_an_object_without_metrics_as_empty() {
        assertThat(rejection("{}")).isEqualTo(RejectReason.EMPTY);
        assertThat(rejection("{\"ts\": 1732700000000}")).isEqualTo(RejectReason.EMPTY);
    }

    @Test
    void explains_what_was_expected() {
        assertThatThrownBy(() -> decode("{\"temperature\": \"hot\"}"))
                .hasMessage("field 'temperature' must be a number or a boolean, got a string");
    }
}
