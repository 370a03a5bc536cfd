package io.ganglion.profiles.model;

import io.ganglion.profiles.codec.BitRange;
import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.codec.FieldSpec;
import io.ganglion.profiles.codec.FieldType;

/**
 * What one payload field can carry: the values a binary field's type, bits, scale and offset can represent, and the
 * step between two of them. Text and tree formats (JSON, CBOR, SenML) carry any double exactly enough to need neither.
 * Used to refuse command parameter ranges a payload cannot hold, and for the tolerance of test vectors.
 */
final class FieldCapacity {
    private static final double FLOAT32_EPSILON = Math.ulp(1.0f);

    private final ValueRange values; // null: unbounded
    private final double step; // 0: continuous
    private final double relativeError; // float32 rounding

    private FieldCapacity(ValueRange values, double step, double relativeError) {
        this.values = values;
        this.step = step;
        this.relativeError = relativeError;
    }

    static FieldCapacity of(CodecSpec spec, FieldSpec field) {
        if (spec.codec() != CodecKind.BINARY || field.type() == null) {
            return new FieldCapacity(null, 0, 0);
        }
        double scale = field.scale() == null ? 1 : field.scale();
        double offset = field.offset() == null ? 0 : field.offset();
        FieldType type = field.type();
        BitRange bits = field.bitRange();
        double rawMin;
        double rawMax;
        double rawStep = 1;
        double relative = 0;
        if (bits != null) {
            rawMin = 0;
            rawMax = unsigned(bits.max());
        } else if (type == FieldType.FLOAT32) {
            rawMin = -Float.MAX_VALUE;
            rawMax = Float.MAX_VALUE;
            rawStep = 0;
            relative = FLOAT32_EPSILON;
        } else if (type == FieldType.FLOAT64) {
            rawMin = -Double.MAX_VALUE;
            rawMax = Double.MAX_VALUE;
            rawStep = 0;
        } else {
            rawMin = type.min();
            rawMax = type.max();
        }
        double a = rawMin * scale + offset;
        double b = rawMax * scale + offset;
        return new FieldCapacity(new ValueRange(Math.min(a, b), Math.max(a, b)), Math.abs(rawStep * scale), relative);
    }

    /** An unsigned long as a double: the all ones of a 64-bit wide bit field is 2^64 - 1, not -1. */
    private static double unsigned(long value) {
        return value >= 0 ? value : value + 0x1p64;
    }

    /** The values the field can represent, or {@code null} when any finite value fits. */
    ValueRange values() {
        return values;
    }

    /**
     * How far a value may move on its way through the field and back: half the step of a scaled integer, float32
     * rounding, or nothing.
     */
    double tolerance(double value) {
        return step / 2 + relativeError * Math.abs(value);
    }

    /** Whether every value of {@code range} fits. */
    boolean holds(ValueRange range) {
        return values == null || (values.contains(range.min()) && values.contains(range.max()));
    }
}
