package io.ganglion.profiles.codec;

import static io.ganglion.profiles.codec.FieldSpec.binary;
import static io.ganglion.profiles.codec.Payloads.assertRejected;
import static io.ganglion.profiles.codec.Payloads.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.RejectReason;
import io.ganglion.profiles.codec.CodecSpec.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryStructCodecTest {
    private static final long TS = 1_732_700_000_000L;

    /** A 16-byte sensor frame in which every bit belongs to a field or the timestamp. */
    private static CodecSpec frame(ByteOrder order) {
        return Specs.binary(order, 16, TimestampSpec.binary(0, FieldType.UINT32, null),
                "temperature", binary(4, FieldType.INT16).scaled(0.01, 0),
                "humidity", binary(6, FieldType.UINT16).scaled(0.1, 0),
                "pressure", binary(8, FieldType.UINT32),
                "battery", binary(12, FieldType.UINT8).scaled(0.01, 2),
                "rssi", binary(13, FieldType.INT8),
                "door_open", binary(14, FieldType.UINT8).withBits("0"),
                "mode", binary(14, FieldType.UINT8).withBits("1-3"),
                "error_code", binary(14, FieldType.UINT8).withBits("4-7"),
                "sequence", binary(15, FieldType.UINT8));
    }

    private static final String BIG_ENDIAN_FRAME = """
            6746e760   # timestamp: 1732700000 s
            0869       # temperature: 2153 * 0.01
            01e2       # humidity: 482 * 0.1
            00018bcd   # pressure: 101325
            a1         # battery: 161 * 0.01 + 2
            b9         # rssi: -71
            a5         # 1010 010 1: error_code 10, mode 2, door_open 1
            07         # sequence: 7
            """;

    private static final String LITTLE_ENDIAN_FRAME = "60e74667 6908 e201 cd8b0100 a1 b9 a5 07";

    private static List<Sample> frameSamples() {
        return List.of(
                new Sample("temperature", TS, 2153 * 0.01, null),
                new Sample("humidity", TS, 482 * 0.1, null),
                new Sample("pressure", TS, 101325, null),
                new Sample("battery", TS, 161 * 0.01 + 2, null),
                new Sample("rssi", TS, -71, null),
                new Sample("door_open", TS, 1, null),
                new Sample("mode", TS, 2, null),
                new Sample("error_code", TS, 10, null),
                new Sample("sequence", TS, 7, null));
    }

    @Test
    void decodes_a_big_endian_frame_in_byte_order_at_the_device_time() throws Exception {
        assertThat(Codecs.create(frame(ByteOrder.BIG)).decode(hex(BIG_ENDIAN_FRAME)))
                .containsExactlyElementsOf(frameSamples());
    }

    @Test
    void decodes_the_same_frame_little_endian() throws Exception {
        assertThat(Codecs.create(frame(ByteOrder.LITTLE)).decode(hex(LITTLE_ENDIAN_FRAME)))
                .containsExactlyElementsOf(frameSamples());
    }

    @Test
    void encoding_a_decoded_frame_gives_the_same_bytes_when_every_bit_is_a_field() throws Exception {
        for (ByteOrder order : ByteOrder.values()) {
            PayloadCodec codec = Codecs.create(frame(order));
            byte[] bytes = hex(order == ByteOrder.BIG ? BIG_ENDIAN_FRAME : LITTLE_ENDIAN_FRAME);

            assertThat(codec.encode(codec.decode(bytes))).as(order.label()).isEqualTo(bytes);
            assertThat(codec.encode(frameSamples())).as(order.label()).isEqualTo(bytes);
        }
    }

    @Test
    void bits_no_field_covers_are_written_as_zero() throws Exception {
        PayloadCodec codec = Codecs.create(Specs.binary(null, 2, null,
                "door_open", binary(0, FieldType.UINT8).withBits("0"),
                "error_code", binary(0, FieldType.UINT8).withBits("4-7")));

        List<Sample> samples = codec.decode(hex("ff ff"));

        assertThat(samples).containsExactly(Sample.of("door_open", 1), Sample.of("error_code", 15));
        assertThat(codec.encode(samples)).isEqualTo(hex("f1 00"));
    }

    @Test
    void a_bit_field_may_span_the_bytes_of_a_wider_integer() throws Exception {
        PayloadCodec codec = Codecs.create(Specs.binary(ByteOrder.LITTLE, 2, null,
                "middle", binary(0, FieldType.UINT16).withBits("4-11"),
                "top", binary(0, FieldType.UINT16).withBits("12-15")));

        assertThat(codec.decode(hex("3412"))).containsExactly(Sample.of("middle", 0x23), Sample.of("top", 1));
        assertThat(codec.encode(List.of(Sample.of("middle", 0x23), Sample.of("top", 1)))).isEqualTo(hex("3012"));
    }

    @Test
    void integer_types_keep_their_full_signed_and_unsigned_ranges() throws Exception {
        PayloadCodec codec = Codecs.create(Specs.binary(ByteOrder.BIG, 35, null,
                "u16", binary(0, FieldType.UINT16),
                "i16", binary(2, FieldType.INT16),
                "u32", binary(4, FieldType.UINT32),
                "i8", binary(8, FieldType.INT8),
                "u8", binary(9, FieldType.UINT8),
                "i32", binary(10, FieldType.INT32),
                "i64", binary(14, FieldType.INT64),
                "f32", binary(22, FieldType.FLOAT32),
                "f64", binary(26, FieldType.FLOAT64),
                "flag", binary(34, FieldType.BOOL)));
        byte[] edges = hex("""
                ffff               # uint16 65535
                8000               # int16 -32768
                ffffffff           # uint32 4294967295
                80                 # int8 -128
                ff                 # uint8 255
                80000000           # int32 -2147483648
                8000000000000000   # int64 -2^63
                c1ac0000           # float32 -21.5
                403587ae147ae148   # float64 21.53
                01                 # bool true
                """);

        List<Sample> samples = codec.decode(edges);

        assertThat(samples).extracting(Sample::value).containsExactly(65535.0, -32768.0, 4294967295.0, -128.0,
                255.0, -2147483648.0, -0x1p63, -21.5, 21.53, 1.0);
        assertThat(codec.encode(samples)).isEqualTo(edges);
    }

    @Test
    void timestamps_are_read_in_their_unit() throws Exception {
        PayloadCodec millis = Codecs.create(Specs.binary(ByteOrder.LITTLE, 9,
                TimestampSpec.binary(0, FieldType.INT64, EpochUnit.MS), "x", binary(8, FieldType.UINT8)));
        PayloadCodec fractional = Codecs.create(Specs.binary(ByteOrder.BIG, 9,
                TimestampSpec.binary(0, FieldType.FLOAT64, EpochUnit.S), "x", binary(8, FieldType.UINT8)));

        assertThat(millis.decode(hex("00cff76c93010000 05"))).containsExactly(new Sample("x", TS, 5, null));
        assertThat(fractional.decode(hex("41d9d1b9d8100000 05"))) // 1732700000.25 s
                .containsExactly(new Sample("x", TS + 250, 5, null));
        assertThat(fractional.encode(List.of(new Sample("x", TS + 250, 5, null)))).isEqualTo(hex("41d9d1b9d8100000 05"));
    }

    @Test
    void payloads_of_another_length_are_malformed() {
        PayloadCodec codec = Codecs.create(frame(ByteOrder.BIG));
        byte[] frame = hex(BIG_ENDIAN_FRAME);

        assertRejected(codec, java.util.Arrays.copyOf(frame, 15), RejectReason.MALFORMED)
                .hasMessage("expected a 16-byte struct, got 15 bytes");
        assertRejected(codec, java.util.Arrays.copyOf(frame, 17), RejectReason.MALFORMED)
                .hasMessage("expected a 16-byte struct, got 17 bytes");
        assertRejected(codec, new byte[0], RejectReason.MALFORMED).hasMessage("expected a 16-byte struct, got 0 bytes");
    }

    @Test
    void a_bool_other_than_0_or_1_is_a_wrong_type_and_a_float_nan_is_not_finite() {
        PayloadCodec codec = Codecs.create(Specs.binary(null, 5, null,
                "door_open", binary(0, FieldType.BOOL), "level", binary(1, FieldType.FLOAT32)));

        assertRejected(codec, hex("02 00000000"), RejectReason.WRONG_TYPE)
                .hasMessage("field 'door_open' at byte 0: expected a bool (0 or 1), got 2");
        assertRejected(codec, hex("01 7fc00000"), RejectReason.NOT_FINITE)
                .hasMessage("field 'level' at byte 1: expected a finite float32, got NaN");
        assertRejected(codec, hex("01 ff800000"), RejectReason.NOT_FINITE);
    }

    @Test
    void encode_rounds_to_the_nearest_raw_integer() throws Exception {
        PayloadCodec codec = Codecs.create(Specs.binary(null, 2, null,
                "temperature", binary(0, FieldType.INT16).scaled(0.01, 0)));

        assertThat(codec.encode(List.of(Sample.of("temperature", 21.534)))).isEqualTo(hex("0869"));
        assertThat(codec.encode(List.of(Sample.of("temperature", -21.526)))).isEqualTo(hex("f797"));
    }

    @Test
    void encode_refuses_values_that_do_not_fit_their_type_or_bits() {
        PayloadCodec codec = Codecs.create(frame(ByteOrder.BIG));

        assertThatThrownBy(() -> codec.encode(replace("pressure", 4294967296.0)))
                .isInstanceOf(EncodeException.class)
                .hasMessage("field 'pressure' at byte 8: value 4.294967296E9 does not fit a uint32 (0 to 4294967295)");
        assertThatThrownBy(() -> codec.encode(replace("rssi", -129)))
                .hasMessage("field 'rssi' at byte 13: value -129.0 does not fit an int8 (-128 to 127)");
        assertThatThrownBy(() -> codec.encode(replace("humidity", -0.1)))
                .hasMessage("field 'humidity' at byte 6: value -0.1 (raw -1.0 after scale 0.1 and offset 0.0) does"
                        + " not fit a uint16 (0 to 65535)");
        assertThatThrownBy(() -> codec.encode(replace("mode", 8)))
                .hasMessage("field 'mode' at byte 14: value 8.0 does not fit bits 1-3 (0 to 7)");
        assertThatThrownBy(() -> codec.encode(replace("temperature", 327.68)))
                .hasMessageContaining("does not fit an int16 (-32768 to 32767)");
    }

    @Test
    void encode_needs_every_field_and_the_time_of_a_timed_struct() {
        PayloadCodec codec = Codecs.create(frame(ByteOrder.BIG));

        assertThatThrownBy(() -> codec.encode(frameSamples().subList(0, 7)))
                .hasMessage("a binary struct carries every field; no sample for [error_code, sequence]");
        assertThatThrownBy(() -> codec.encode(frameSamples().stream()
                .map(sample -> Sample.of(sample.field(), sample.value())).toList()))
                .hasMessage("the struct has a timestamp at byte 0, but no sample has a time");
        assertThatThrownBy(() -> codec.encode(List.of(Sample.of("rssi", 1), Sample.of("rssi", 1))))
                .hasMessage("field 'rssi' given twice; a struct holds each field once");
    }

    private static List<Sample> replace(String field, double value) {
        return frameSamples().stream()
                .map(sample -> sample.field().equals(field) ? new Sample(field, sample.timestamp(), value, null) : sample)
                .toList();
    }
}
