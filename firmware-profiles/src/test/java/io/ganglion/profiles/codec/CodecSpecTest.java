package io.ganglion.profiles.codec;

import static io.ganglion.profiles.codec.FieldSpec.atPath;
import static io.ganglion.profiles.codec.FieldSpec.binary;
import static io.ganglion.profiles.codec.FieldSpec.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.codec.CodecSpec.ByteOrder;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecSpecTest {
    @TempDir
    Path dir;

    private CodecSpec load(String yaml) throws Exception {
        Path file = dir.resolve("telemetry.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader().load(file, CodecSpec.class);
    }

    private static void assertRejected(ThrowingCallable construction, String key, String expectation) {
        assertThatThrownBy(construction).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains(expectation);
        });
    }

    @Test
    void binds_a_binary_section_from_yaml_in_any_case_and_fills_the_defaults() throws Exception {
        CodecSpec spec = load("""
                codec: BINARY
                byteOrder: Little
                length: 8
                timestamp: { at: 0, type: UINT32 }
                fields:
                  temperature: { at: 4, type: int16, scale: 0.01 }
                  door_open: { at: 6, type: uint8, bits: 0 }
                  battery: { at: 6, type: uint8, bits: 4-7, scale: 0.25, offset: 2 }
                """);

        assertThat(spec.codec()).isEqualTo(CodecKind.BINARY);
        assertThat(spec.byteOrder()).isEqualTo(ByteOrder.LITTLE);
        assertThat(spec.timestamp()).isEqualTo(TimestampSpec.binary(0, FieldType.UINT32, EpochUnit.S));
        assertThat(spec.fields()).containsKeys("temperature", "door_open", "battery");
        assertThat(spec.fields().keySet()).containsExactly("temperature", "door_open", "battery");
        assertThat(spec.fields().get("temperature"))
                .isEqualTo(new FieldSpec(null, null, 4, FieldType.INT16, null, 0.01, 0.0));
        assertThat(spec.fields().get("door_open"))
                .isEqualTo(new FieldSpec(null, null, 6, FieldType.UINT8, "0", 1.0, 0.0));
        assertThat(spec.fields().get("battery").bits()).isEqualTo("4-7");
    }

    @Test
    void json_paths_and_senml_names_default_to_the_field_key() throws Exception {
        CodecSpec json = load("""
                codec: json
                timestamp: { path: meta.ts }
                fields:
                  temperature: { path: env.t }
                  humidity: {}
                  rssi:
                """);
        CodecSpec senml = load("""
                codec: senml-cbor
                fields:
                  temperature: { name: "urn:dev:ow:10e2073a01080063:temp" }
                  humidity: {}
                """);

        assertThat(json.fields()).containsEntry("temperature", atPath("env.t"))
                .containsEntry("humidity", atPath("humidity")).containsEntry("rssi", atPath("rssi"));
        assertThat(json.timestamp()).isEqualTo(TimestampSpec.atPath("meta.ts", EpochUnit.MS));
        assertThat(json.byteOrder()).isNull();
        assertThat(senml.fields()).containsEntry("temperature", named("urn:dev:ow:10e2073a01080063:temp"))
                .containsEntry("humidity", named("humidity"));
    }

    @Test
    void a_yaml_mistake_is_reported_with_its_line_and_key() throws Exception {
        assertThatThrownBy(() -> load("""
                codec: binary
                length: 12
                fields:
                  temperature: { at: 0, type: int16 }
                  pressure: { at: 10, type: uint32 }
                """)).isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.key()).isEqualTo("fields.pressure.at");
                    assertThat(e.problem()).isEqualTo(
                            "expected a byte position inside the 12-byte struct (0 to 8 for a uint32), got 10");
                });
        assertThatThrownBy(() -> load("codec: xml\nfields: { t: {} }\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("codec");
                    assertThat(e.problem()).startsWith("expected one of json, cbor, senml").endsWith("got 'xml'");
                });
    }

    @Test
    void enum_labels_are_written_with_dashes_and_read_with_dashes_or_underscores() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(mapper.writeValueAsString(CodecKind.SENML_JSON)).isEqualTo("\"senml-json\"");
        assertThat(mapper.writeValueAsString(FieldType.FLOAT32)).isEqualTo("\"float32\"");
        assertThat(CodecKind.of("SenML_CBOR")).isEqualTo(CodecKind.SENML_CBOR);
        assertThat(EpochUnit.of("S")).isEqualTo(EpochUnit.S);
        assertThat(ByteOrder.of("big")).isEqualTo(ByteOrder.BIG);
        assertThatThrownBy(() -> FieldType.of("uint64")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one of bool, int8, uint8, int16, uint16, int32, uint32, int64, float32,"
                        + " float64, got 'uint64'");
    }

    @Test
    void a_codec_and_at_least_one_field_are_required() {
        assertRejected(() -> new CodecSpec(null, null, null, null, Specs.fields("t", atPath("t"))), "codec",
                "expected one of json, cbor, senml-json, senml-cbor, binary, got nothing");
        assertRejected(() -> Specs.json(null), "fields", "expected at least one field, got none");
        assertRejected(() -> Specs.json(null, " ", atPath("t")), "fields", "field names that are not blank");
    }

    @Test
    void keys_that_mean_nothing_to_the_codec_are_refused_by_name() {
        assertRejected(() -> Specs.json(null, "t", binary(0, FieldType.INT16)), "fields.t.at",
                "expected no at for codec json (a json field takes only path), got 0");
        assertRejected(() -> Specs.json(null, "t", new FieldSpec(null, null, null, null, null, 0.1, null)),
                "fields.t.scale", "no scale for codec json");
        assertRejected(() -> Specs.json(null, "t", named("t")), "fields.t.name", "no name for codec json");
        assertRejected(() -> new CodecSpec(CodecKind.CBOR, ByteOrder.BIG, null, null, Specs.fields("t", atPath("t"))),
                "byteOrder", "no byteOrder for codec cbor (only binary structs have a byte order), got big");
        assertRejected(() -> new CodecSpec(CodecKind.JSON, null, 4, null, Specs.fields("t", atPath("t"))),
                "length", "no length for codec json");
        assertRejected(() -> Specs.senml(CodecKind.SENML_JSON, "t", atPath("env.t")), "fields.t.path",
                "no path for codec senml-json (a senml-json field takes only name), got 'env.t'");
        assertRejected(() -> new CodecSpec(CodecKind.SENML_CBOR, null, null,
                TimestampSpec.atPath("ts", EpochUnit.S), Specs.fields("t", named("t"))), "timestamp",
                "SenML records carry their own time in bt and t");
        assertRejected(() -> Specs.binary(null, 4, null, "t", atPath("t")), "fields.t.path",
                "no path for codec binary (a binary field takes at, type, bits, scale and offset)");
        assertRejected(() -> Specs.binary(null, 4, TimestampSpec.atPath("ts", null), "t", binary(0, FieldType.INT8)),
                "timestamp.path", "no path for codec binary");
        assertRejected(() -> Specs.json(TimestampSpec.binary(0, FieldType.UINT32, null), "t", atPath("t")),
                "timestamp.at", "no at for codec json (a json timestamp takes path and unit)");
    }

    @Test
    void binary_structs_need_a_length_and_each_field_a_position_and_type_inside_it() {
        assertRejected(() -> Specs.binary(null, 0, null, "t", binary(0, FieldType.INT8)), "length",
                "expected an integer from 1 to 65535, got 0");
        assertRejected(() -> new CodecSpec(CodecKind.BINARY, null, null, null, Specs.fields("t", binary(0,
                FieldType.INT8))), "length", "the struct's length in bytes");
        assertRejected(() -> Specs.binary(null, 4, null, "t", new FieldSpec(null, null, null, FieldType.INT8, null,
                null, null)), "fields.t.at", "expected a byte position inside the 4-byte struct, got nothing");
        assertRejected(() -> Specs.binary(null, 4, null, "t", new FieldSpec(null, null, 0, null, null, null,
                null)), "fields.t.type", "expected one of bool, int8");
        assertRejected(() -> Specs.binary(null, 2, null, "t", binary(0, FieldType.FLOAT32)), "fields.t.type",
                "a type of at most 2 bytes, the struct's length");
        assertRejected(() -> Specs.binary(null, 4, TimestampSpec.binary(2, FieldType.UINT32, null), "t",
                binary(0, FieldType.INT8)), "timestamp.at", "0 to 0 for a uint32");
        assertRejected(() -> new FieldSpec(null, null, -1, FieldType.INT8, null, null, null), "at",
                "a byte position from 0");
    }

    @Test
    void binary_fields_share_bytes_only_as_disjoint_bits_of_one_integer() {
        CodecSpec flags = Specs.binary(null, 2, null,
                "low", binary(0, FieldType.UINT16).withBits("0-3"),
                "high", binary(0, FieldType.UINT16).withBits("4-15"));
        assertThat(flags.fields()).hasSize(2);

        assertRejected(() -> Specs.binary(null, 8, null, "a", binary(0, FieldType.UINT32),
                "b", binary(2, FieldType.INT16)), "fields.b.at",
                "expected bytes no other field uses, or other bits of the same integer (field 'a' has bytes 0 to"
                        + " 3), got 2");
        assertRejected(() -> Specs.binary(null, 2, null, "a", binary(0, FieldType.UINT16).withBits("0-7"),
                "b", binary(0, FieldType.UINT16).withBits("7-8")), "fields.b.bits",
                "expected bits field 'a' does not use (it has 0-7), got '7-8'");
        assertRejected(() -> Specs.binary(null, 2, null, "a", binary(0, FieldType.UINT16).withBits("0-7"),
                "b", binary(0, FieldType.UINT8).withBits("0")), "fields.b.at", "field 'a' has bytes 0 to 1");
        assertRejected(() -> Specs.binary(null, 8, TimestampSpec.binary(0, FieldType.UINT32, null),
                "a", binary(3, FieldType.UINT8)), "fields.a.at", "the timestamp has bytes 0 to 3");
    }

    @Test
    void bits_scale_and_offset_are_checked_on_their_own() {
        assertRejected(() -> binary(0, FieldType.FLOAT32).withBits("3"), "bits",
                "expected no bits for a float32 field (bit fields lie inside integer types), got '3'");
        assertRejected(() -> binary(0, FieldType.BOOL).withBits("0"), "bits", "no bits for a bool field");
        assertRejected(() -> binary(0, FieldType.UINT8).withBits("4-8"), "bits",
                "expected bits from 0 to 7 of a uint8, got '4-8'");
        assertRejected(() -> binary(0, FieldType.UINT8).withBits("low"), "bits",
                "expected a bit number such as 3 or a range such as 4-7, got 'low'");
        assertRejected(() -> binary(0, FieldType.UINT8).withBits("7-4"), "bits",
                "a range from its lowest bit to its highest");
        assertRejected(() -> binary(0, FieldType.INT64).withBits("60-64"), "bits",
                "expected bits from 0 to 63, got '60-64'");
        assertRejected(() -> binary(0, FieldType.INT16).scaled(0, 0), "scale", "a finite number other than 0");
        assertRejected(() -> binary(0, FieldType.INT16).scaled(1, Double.NaN), "offset", "a finite number");
        assertRejected(() -> TimestampSpec.binary(0, FieldType.FLOAT32, EpochUnit.S), "type",
                "expected one of int32, uint32, int64 or float64 (a type that holds an epoch time), got float32");
    }

    @Test
    void json_paths_must_be_distinct_and_not_inside_one_another() {
        assertRejected(() -> atPath("env..t"), "path", "a dot path such as env.t or values.0, with no empty part");
        assertRejected(() -> Specs.json(null, "a", atPath("env.t"), "b", atPath("env.t")), "fields.b.path",
                "expected a path no other field uses (field 'a' has it), got 'env.t'");
        assertRejected(() -> Specs.json(null, "a", atPath("env"), "b", atPath("env.t")), "fields.b.path",
                "expected a path outside field 'a' (env), which is a value, not an object, got 'env.t'");
        assertRejected(() -> Specs.json(null, "a", atPath("env.t"), "b", atPath("env")), "fields.b.path",
                "a path that does not contain field 'a' (env.t)");
        assertRejected(() -> Specs.json(TimestampSpec.atPath("t", null), "t", atPath("t")), "fields.t.path",
                "a path no other field uses (the timestamp has it)");
        assertRejected(() -> Specs.json(new TimestampSpec(null, null, null, EpochUnit.S), "t", atPath("t")),
                "timestamp.path", "got nothing");
        assertRejected(() -> Specs.senml(CodecKind.SENML_JSON, "a", named("x"), "b", named("x")), "fields.b.name",
                "expected a SenML name no other field matches (field 'a' has it), got 'x'");
    }
}
