package io.ganglion.profiles.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The type of a binary struct field. Integers are two's complement when signed; {@code uint32} is read into a long
 * so that it keeps its full range. Floats are IEEE 754. {@code bool} is one byte holding 0 or 1.
 */
public enum FieldType {
    BOOL("bool", 1, false, false),
    INT8("int8", 1, true, true),
    UINT8("uint8", 1, true, false),
    INT16("int16", 2, true, true),
    UINT16("uint16", 2, true, false),
    INT32("int32", 4, true, true),
    UINT32("uint32", 4, true, false),
    INT64("int64", 8, true, true),
    FLOAT32("float32", 4, false, true),
    FLOAT64("float64", 8, false, true);

    private final String label;
    private final int size;
    private final boolean integer;
    private final boolean signed;

    FieldType(String label, int size, boolean integer, boolean signed) {
        this.label = label;
        this.size = size;
        this.integer = integer;
        this.signed = signed;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static FieldType of(String label) {
        return Labels.parse(values(), FieldType::label, label);
    }

    /** The label with its article, for messages: "an int16", "a uint16". */
    String withArticle() {
        return (label.startsWith("i") ? "an " : "a ") + label;
    }

    /** Bytes the field takes in the struct. */
    int size() {
        return size;
    }

    /** Bits the field takes in the struct: its size times 8. */
    public int bits() {
        return size * 8;
    }

    /**
     * Whether this is an integer type, the only kind that can hold bit fields. {@code bool} is not one, and neither
     * are the floats.
     */
    public boolean isInteger() {
        return integer;
    }

    boolean isSigned() {
        return signed;
    }

    /**
     * The smallest raw value of an integer type or of {@code bool} (0). {@code int64} goes down to
     * {@link Long#MIN_VALUE}.
     *
     * @throws UnsupportedOperationException for {@code float32} and {@code float64}, which have no integer range
     */
    public long min() {
        requireIntegerRange();
        return !integer ? 0 : signed ? (size == 8 ? Long.MIN_VALUE : -(1L << (bits() - 1))) : 0;
    }

    /**
     * The largest raw value of an integer type or of {@code bool} (1). {@code uint32} is at most 2^32 - 1, read into
     * a long; {@code int64} goes up to {@link Long#MAX_VALUE}.
     *
     * @throws UnsupportedOperationException for {@code float32} and {@code float64}, which have no integer range
     */
    public long max() {
        requireIntegerRange();
        if (!integer) {
            return 1;
        }
        if (signed) {
            return size == 8 ? Long.MAX_VALUE : (1L << (bits() - 1)) - 1;
        }
        return (1L << bits()) - 1; // unsigned types are at most 32 bits wide
    }

    private void requireIntegerRange() {
        if (this == FLOAT32 || this == FLOAT64) {
            throw new UnsupportedOperationException(label + " has no integer range");
        }
    }
}
