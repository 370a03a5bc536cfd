package io.ganglion.profiles.codec;

import static io.ganglion.profiles.codec.FieldSpec.atPath;
import static io.ganglion.profiles.codec.Payloads.assertRejected;
import static io.ganglion.profiles.codec.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private static final long TS = 1_732_700_000_000L;

    private final PayloadCodec codec = Codecs.create(Specs.json(TimestampSpec.atPath("ts", EpochUnit.MS),
            "temperature", atPath("env.t"),
            "humidity", atPath("env.h"),
            "first_peak", atPath("peaks.0"),
            "third_peak", atPath("peaks.2"),
            "door_open", atPath("door"),
            "rssi", atPath("rssi")));

    private List<Sample> decode(String json) throws DecodeException {
        return codec.decode(utf8(json));
    }

    @Test
    void decodes_nested_paths_and_array_positions_in_payload_order_at_the_device_time() throws DecodeException {
        List<Sample> samples = decode("""
                {"rssi": -71, "env": {"h": 48.2, "t": 21.53}, "peaks": [3.5, 9, 4.25], "ts": 1732700000000}
                """);

        assertThat(samples).containsExactly(
                new Sample("rssi", TS, -71, null),
                new Sample("humidity", TS, 48.2, null),
                new Sample("temperature", TS, 21.53, null),
                new Sample("first_peak", TS, 3.5, null),
                new Sample("third_peak", TS, 4.25, null));
    }

    @Test
    void ignores_what_the_spec_does_not_declare_and_takes_null_as_absent() throws DecodeException {
        List<Sample> samples = decode("""
                {"fw": "2.1.0", "diag": {"heap": [1, {"x": null}], "up": true}, "env": {"t": null, "h": 50},
                 "rssi": null, "peaks": null, "door": false}
                """);

        assertThat(samples).containsExactly(Sample.of("humidity", 50), Sample.of("door_open", 0));
    }

    @Test
    void booleans_are_one_and_zero() throws DecodeException {
        assertThat(decode("{\"door\": true}")).containsExactly(Sample.of("door_open", 1));
        assertThat(decode("{\"door\": false}")).containsExactly(Sample.of("door_open", 0));
    }

    @Test
    void a_timestamp_in_seconds_may_have_a_fraction() throws DecodeException {
        PayloadCodec seconds = Codecs.create(Specs.json(TimestampSpec.atPath("meta.time", EpochUnit.S),
                "t", atPath("t")));

        assertThat(seconds.decode(utf8("{\"meta\": {\"time\": 1732700000}, \"t\": 1}")))
                .containsExactly(new Sample("t", TS, 1, null));
        assertThat(seconds.decode(utf8("{\"meta\": {\"time\": 1732700000.25}, \"t\": 1}")))
                .containsExactly(new Sample("t", TS + 250, 1, null));
        assertRejected(seconds, utf8("{\"meta\": {\"time\": 9223372036854776}, \"t\": 1}"),
                RejectReason.TIMESTAMP_OUT_OF_RANGE)
                .hasMessage("JSON path meta.time: 9223372036854776 epoch seconds is beyond the range of 64-bit epoch"
                        + " milliseconds");
    }

    @Test
    void without_a_timestamp_samples_have_no_time() throws DecodeException {
        PayloadCodec untimed = Codecs.create(Specs.json(null, "t", atPath("t")));

        assertThat(untimed.decode(utf8("{\"ts\": 1732700000000, \"t\": 1}"))).singleElement()
                .satisfies(sample -> assertThat(sample.hasTime()).isFalse());
    }

    @Test
    void a_root_of_positions_reads_a_top_level_array() throws DecodeException {
        PayloadCodec positional = Codecs.create(Specs.json(null, "a", atPath("0"), "c", atPath("2")));

        assertThat(positional.decode(utf8("[1, \"skipped\", 3]")))
                .containsExactly(Sample.of("a", 1), Sample.of("c", 3));
        assertThat(positional.decode(utf8("{\"2\": 3}"))).containsExactly(Sample.of("c", 3));
    }

    @Test
    void values_of_the_wrong_type_say_which_path_wanted_what() {
        assertRejected(codec, utf8("{\"env\": {\"t\": \"21.5\"}}"), RejectReason.WRONG_TYPE)
                .hasMessage("JSON path env.t: expected a number or a boolean, got a string");
        assertRejected(codec, utf8("{\"rssi\": [1]}"), RejectReason.WRONG_TYPE)
                .hasMessage("JSON path rssi: expected a number or a boolean, got an array");
        assertRejected(codec, utf8("{\"env\": 21.5}"), RejectReason.WRONG_TYPE)
                .hasMessage("JSON path env: expected an object, got a number");
        assertRejected(codec, utf8("{\"peaks\": \"1,2,3\"}"), RejectReason.WRONG_TYPE)
                .hasMessage("JSON path peaks: expected an object or an array, got a string");
        assertRejected(codec, utf8("{\"ts\": \"2024-11-27T09:33:20Z\", \"rssi\": 1}"), RejectReason.WRONG_TYPE)
                .hasMessage("JSON path ts: expected a number of epoch milliseconds, got a string");
    }

    @Test
    void nan_infinity_and_numbers_beyond_a_double_are_not_finite() {
        assertRejected(codec, utf8("{\"env\": {\"t\": NaN}}"), RejectReason.NOT_FINITE)
                .hasMessage("JSON path env.t: expected a finite number, got NaN");
        assertRejected(codec, utf8("{\"rssi\": -Infinity}"), RejectReason.NOT_FINITE);
        assertRejected(codec, utf8("{\"rssi\": 1e400}"), RejectReason.NOT_FINITE);
    }

    @Test
    void broken_json_is_malformed_with_its_position() {
        assertRejected(codec, utf8("{\"env\": {\"t\": 21.5"), RejectReason.MALFORMED)
                .hasMessage("not valid JSON at line 1, column 19: Unexpected end-of-input: expected close marker for"
                        + " Object (start marker at [line: 1, column: 9])");
        assertRejected(codec, utf8("{\"rssi\": -71,\n \"env\" {}}"), RejectReason.MALFORMED)
                .hasMessageStartingWith("not valid JSON at line 2, column ");
        assertRejected(codec, utf8(""), RejectReason.MALFORMED)
                .hasMessage("expected an object at the top level, got nothing");
        assertRejected(codec, utf8("[1, 2]"), RejectReason.MALFORMED)
                .hasMessage("expected an object at the top level, got an array");
        assertRejected(codec, utf8("{\"rssi\": 1} {\"rssi\": 2}"), RejectReason.MALFORMED)
                .hasMessage("expected the end of the payload after the top-level value, got an object");
        assertRejected(codec, utf8("{\"rssi\": 1, \"rssi\": 2}"), RejectReason.MALFORMED)
                .hasMessage("JSON path rssi appears twice");
        assertRejected(codec, new byte[] {(byte) 0xC3, 0x28}, RejectReason.MALFORMED);
    }

    @Test
    void a_payload_without_any_declared_field_is_empty() {
        assertRejected(codec, utf8("{\"fw\": \"2.1.0\", \"ts\": 1732700000000}"), RejectReason.EMPTY)
                .hasMessage("none of the declared paths (env.t, env.h, peaks.0, peaks.2, door, rssi) is in the JSON"
                        + " payload");
        assertRejected(codec, utf8("{}"), RejectReason.EMPTY);
    }

    @Test
    void encodes_nested_objects_and_arrays_with_the_timestamp_first() throws EncodeException {
        byte[] payload = codec.encode(List.of(
                new Sample("temperature", TS, 21.53, null),
                new Sample("rssi", TS, -71, null),
                new Sample("third_peak", TS, 4.25, null),
                Sample.of("humidity", 48.2)));

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(
                "{\"ts\":1732700000000,\"env\":{\"t\":21.53,\"h\":48.2},\"peaks\":[null,null,4.25],\"rssi\":-71}");
    }

    @Test
    void decoding_what_it_encodes_gives_the_samples_back() throws Exception {
        List<Sample> samples = List.of(
                new Sample("temperature", TS, 21.53, null),
                new Sample("humidity", TS, 48.2, null),
                new Sample("first_peak", TS, -0.0, null),
                new Sample("door_open", TS, 1, null),
                new Sample("rssi", TS, -71, null));

        assertThat(codec.decode(codec.encode(samples))).containsExactlyElementsOf(samples);
        assertThat(codec.decode(codec.encode(List.of(Sample.of("rssi", 1e300)))))
                .containsExactly(Sample.of("rssi", 1e300));
    }

    @Test
    void refuses_to_encode_what_a_json_object_cannot_hold() {
        assertThatThrownBy(() -> codec.encode(List.of(Sample.of("pressure", 1)))).isInstanceOf(EncodeException.class)
                .hasMessage("no field 'pressure' in this codec's spec; it has temperature, humidity, first_peak,"
                        + " third_peak, door_open, rssi");
        assertThatThrownBy(() -> codec.encode(List.of(Sample.of("rssi", 1), Sample.of("rssi", 2))))
                .hasMessage("field 'rssi' given twice; a JSON object holds each field once");
        assertThatThrownBy(() -> codec.encode(List.of(Sample.of("rssi", Double.NaN))))
                .hasMessage("field 'rssi': expected a finite number, got NaN");
        assertThatThrownBy(() -> codec.encode(List.of(new Sample("rssi", 1, 1, null), new Sample("door_open", 2, 1,
                null)))).hasMessage("the samples have different times (1 and 2 ms), but the payload carries one"
                + " timestamp");
        assertThatThrownBy(() -> codec.encode(List.of())).hasMessageStartingWith("nothing to encode");
    }
}
