package io.ganglion.profiles.codec;

import static io.ganglion.profiles.codec.FieldSpec.atPath;
import static io.ganglion.profiles.codec.Payloads.assertRejected;
import static io.ganglion.profiles.codec.Payloads.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.ganglion.profiles.RejectReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CBOR objects share the JSON codec's code; these tests hold it to real CBOR bytes and to Jackson's own mapper. */
class CborCodecTest {
    private static final long TS = 1_732_700_000_000L;

    /** {"ts": 1732700000000, "temperature": 21.5, "env": {"h": 48, "fw": "1.2.0"}, "door": true} */
    private static final String TELEMETRY = """
            a4                                # map, 4 pairs
              62 7473                         # "ts"
              1b 000001936cf7cf00             # 1732700000000, 8-byte unsigned
              6b 74656d7065726174757265       # "temperature"
              fa 41ac0000                     # 21.5, float32
              63 656e76                       # "env"
              a2                              # map, 2 pairs
                61 68                         # "h"
                18 30                         # 48
                62 6677                       # "fw"
                65 312e322e30                 # "1.2.0"
              64 646f6f72                     # "door"
              f5                              # true
            """;

    private final PayloadCodec codec = Codecs.create(new CodecSpec(CodecKind.CBOR, null, null,
            TimestampSpec.atPath("ts", null), Specs.fields(
                    "temperature", atPath("temperature"),
                    "humidity", atPath("env.h"),
                    "door_open", atPath("door"))));

    @Test
    void decodes_a_cbor_map_written_out_by_hand() throws Exception {
        assertThat(codec.decode(hex(TELEMETRY))).containsExactly(
                new Sample("temperature", TS, 21.5, null),
                new Sample("humidity", TS, 48, null),
                new Sample("door_open", TS, 1, null));
    }

    @Test
    void decodes_what_jacksons_cbor_mapper_writes_with_indefinite_lengths() throws Exception {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("h", 48.25);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("env", env);
        payload.put("temperature", -3);
        payload.put("extra", List.of(1, "x"));
        byte[] bytes = new ObjectMapper(new CBORFactory()).writeValueAsBytes(payload);
        assertThat(bytes[0]).as("Jackson writes maps of unknown length").isEqualTo((byte) 0xbf);

        assertThat(codec.decode(bytes)).containsExactly(Sample.of("humidity", 48.25), Sample.of("temperature", -3));
    }

    @Test
    void encodes_definite_lengths_whole_numbers_as_integers_and_exact_fractions_as_float32() throws Exception {
        byte[] payload = codec.encode(List.of(
                new Sample("temperature", TS, 21.5, null),
                new Sample("humidity", TS, 48, null),
                new Sample("door_open", TS, 1, null)));

        assertThat(Payloads.hex(payload)).isEqualTo(Payloads.hex(hex("""
                a4 62 7473 1b 000001936cf7cf00          # "ts": 1732700000000
                   6b 74656d7065726174757265 fa 41ac0000 # "temperature": 21.5
                   63 656e76 a1 61 68 18 30             # "env": {"h": 48}
                   64 646f6f72 01                       # "door": 1
                """)));
    }

    @Test
    void jacksons_cbor_mapper_reads_what_it_encodes_and_it_decodes_its_own_output() throws Exception {
        List<Sample> samples = List.of(
                new Sample("temperature", TS, 21.53, null),
                new Sample("humidity", TS, 48.2, null),
                new Sample("door_open", TS, 0, null));
        byte[] payload = codec.encode(samples);

        JsonNode tree = new ObjectMapper(new CBORFactory()).readTree(payload);
        assertThat(tree.get("ts").asLong()).isEqualTo(TS);
        assertThat(tree.get("temperature").doubleValue()).isEqualTo(21.53);
        assertThat(tree.at("/env/h").doubleValue()).isEqualTo(48.2);
        assertThat(tree.get("door").intValue()).isZero();
        assertThat(codec.decode(payload)).containsExactlyElementsOf(samples);
    }

    @Test
    void cbor_types_that_are_not_numbers_are_wrong_types() {
        assertRejected(codec, hex("a1 6b 74656d7065726174757265 64 32312e35"), RejectReason.WRONG_TYPE)
                .hasMessage("CBOR path temperature: expected a number or a boolean, got a text string");
        assertRejected(codec, hex("a1 6b 74656d7065726174757265 42 0102"), RejectReason.WRONG_TYPE)
                .hasMessage("CBOR path temperature: expected a number or a boolean, got a byte string");
        assertRejected(codec, hex("a1 63 656e76 80"), RejectReason.WRONG_TYPE)
                .hasMessage("CBOR path env: expected a map, got an array");
    }

    @Test
    void cbor_nan_and_infinity_are_not_finite() {
        assertRejected(codec, hex("a1 6b 74656d7065726174757265 f9 7e00"), RejectReason.NOT_FINITE)
                .hasMessage("CBOR path temperature: expected a finite number, got NaN");
        assertRejected(codec, hex("a1 64 646f6f72 fa 7f800000"), RejectReason.NOT_FINITE);
    }

    @Test
    void truncated_or_trailing_cbor_is_malformed() {
        byte[] whole = hex(TELEMETRY);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 3);
        byte[] trailing = java.util.Arrays.copyOf(whole, whole.length + 1);

        assertRejected(codec, truncated, RejectReason.MALFORMED).hasMessageStartingWith("not valid CBOR at byte ");
        assertRejected(codec, trailing, RejectReason.MALFORMED)
                .hasMessage("expected the end of the payload after the top-level value, got a number");
        assertRejected(codec, hex("83 01 02 03"), RejectReason.MALFORMED)
                .hasMessage("expected a map at the top level, got an array");
        assertRejected(codec, hex("a1 62 6677 01"), RejectReason.EMPTY);
    }
}
