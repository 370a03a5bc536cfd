package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.codec.FieldSpec;
import io.ganglion.profiles.codec.FieldType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldCapacityTest {
    private static FieldCapacity binary(FieldSpec field) {
        CodecSpec spec = new CodecSpec(CodecKind.BINARY, CodecSpec.ByteOrder.BIG, 8, null, Map.of("x", field));
        return FieldCapacity.of(spec, spec.fields().get("x"));
    }

    @Test
    void an_integer_field_carries_its_type_range_scaled_and_offset() {
        assertThat(binary(FieldSpec.binary(0, FieldType.INT16)).values()).isEqualTo(new ValueRange(-32_768, 32_767));
        assertThat(binary(FieldSpec.binary(0, FieldType.UINT32)).values())
                .isEqualTo(new ValueRange(0, 4_294_967_295.0));
        assertThat(binary(FieldSpec.binary(0, FieldType.INT64)).values())
                .isEqualTo(new ValueRange(Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(binary(FieldSpec.binary(0, FieldType.BOOL)).values()).isEqualTo(new ValueRange(0, 1));
        FieldCapacity battery = binary(FieldSpec.binary(0, FieldType.UINT8).scaled(0.01, 2));
        assertThat(battery.values().min()).isEqualTo(2);
        assertThat(battery.values().max()).isCloseTo(4.55, within(1e-12));
        assertThat(battery.tolerance(3)).isCloseTo(0.005, within(1e-12));
        assertThat(binary(FieldSpec.binary(0, FieldType.INT8).scaled(-2, 0)).values())
                .isEqualTo(new ValueRange(-254, 256));
    }

    @Test
    void a_bit_field_carries_its_width_unsigned() {
        assertThat(binary(FieldSpec.binary(0, FieldType.UINT8).withBits("4-7")).values())
                .isEqualTo(new ValueRange(0, 15));
        assertThat(binary(FieldSpec.binary(0, FieldType.INT16).withBits("3")).values()).isEqualTo(new ValueRange(0, 1));
        assertThat(binary(FieldSpec.binary(0, FieldType.INT64).withBits("0-63")).values())
                .isEqualTo(new ValueRange(0, 0x1p64));
    }

    @Test
    void floats_are_continuous_and_float32_rounds() {
        FieldCapacity float32 = binary(FieldSpec.binary(0, FieldType.FLOAT32));
        assertThat(float32.values()).isEqualTo(new ValueRange(-Float.MAX_VALUE, Float.MAX_VALUE));
        assertThat(float32.tolerance(1000)).isEqualTo(1000 * Math.ulp(1.0f));
        FieldCapacity float64 = binary(FieldSpec.binary(0, FieldType.FLOAT64));
        assertThat(float64.values()).isEqualTo(new ValueRange(-Double.MAX_VALUE, Double.MAX_VALUE));
        assertThat(float64.tolerance(1000)).isZero();
    }

    @Test
    void text_and_tree_formats_carry_any_value() {
        CodecSpec json = new CodecSpec(CodecKind.JSON, null, null, null, Map.of("x", FieldSpec.atPath("x")));
        FieldCapacity capacity = FieldCapacity.of(json, json.fields().get("x"));
        assertThat(capacity.values()).isNull();
        assertThat(capacity.holds(new ValueRange(-1e300, 1e300))).isTrue();
        assertThat(capacity.tolerance(5)).isZero();
    }
}
