package io.ganglion.profiles.codec;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;

/**
 * One field of a binary struct, compiled from its {@link FieldSpec}: reads its value from a payload and writes it
 * back. Works on the byte array directly, so a read allocates nothing.
 */
final class StructField {
    final String name;
    final int at;
    final FieldType type;
    private final boolean bigEndian;
    /** The bit field inside the integer, or {@code null} for the whole of it. */
    private final BitRange bits;
    private final double scale;
    private final double offset;

    StructField(String name, int at, FieldType type, boolean bigEndian, BitRange bits, double scale, double offset) {
        this.name = name;
        this.at = at;
        this.type = type;
        this.bigEndian = bigEndian;
        this.bits = bits;
        this.scale = scale;
        this.offset = offset;
    }

    /** The value: the raw number times scale plus offset. */
    double read(byte[] payload) throws DecodeException {
        double raw;
        switch (type) {
            case FLOAT32 -> raw = Float.intBitsToFloat((int) unsigned(payload));
            case FLOAT64 -> raw = Double.longBitsToDouble(unsigned(payload));
            case BOOL -> {
                long flag = unsigned(payload);
                if (flag > 1) {
                    throw new DecodeException(RejectReason.WRONG_TYPE, where() + ": expected a bool (0 or 1), got "
                            + flag);
                }
                raw = flag;
            }
            default -> raw = rawInteger(payload);
        }
        if (!Double.isFinite(raw)) {
            throw new DecodeException(RejectReason.NOT_FINITE, where() + ": expected a finite " + type.label()
                    + ", got " + raw);
        }
        return raw * scale + offset;
    }

    /** The integer as stored: sign-extended for signed types, the bits alone (unsigned) for a bit field. */
    long rawInteger(byte[] payload) {
        long unsigned = unsigned(payload);
        if (bits != null) {
            return (unsigned >>> bits.low()) & bits.max();
        }
        if (type.isSigned() && type.size() < 8) {
            int unused = 64 - type.bits();
            return unsigned << unused >> unused;
        }
        return unsigned;
    }

    /**
     * Writes the value: raw = (value - offset) / scale, rounded to the nearest integer (ties to even) for integer
     * types; a bit field changes only its own bits.
     *
     * @throws EncodeException when the raw value does not fit the type or the bits
     */
    void write(byte[] payload, double value) throws EncodeException {
        double raw = (value - offset) / scale;
        switch (type) {
            case FLOAT32 -> {
                float narrowed = (float) raw;
                if (!Float.isFinite(narrowed)) {
                    throw doesNotFit(value, raw, "a float32 (magnitude up to " + Float.MAX_VALUE + ")");
                }
                store(payload, Float.floatToRawIntBits(narrowed) & 0xFFFF_FFFFL);
            }
            case FLOAT64 -> {
                if (!Double.isFinite(raw)) {
                    throw doesNotFit(value, raw, "a float64");
                }
                store(payload, Double.doubleToRawLongBits(raw));
            }
            default -> writeInteger(payload, value, Math.rint(raw));
        }
    }

    private void writeInteger(byte[] payload, double value, double rounded) throws EncodeException {
        // Bounds as doubles, the upper one exclusive: 2^63 (int64) and 2^32 (uint32) are exact there.
        double lower = bits != null ? 0 : type.min();
        double upper = bits != null ? Math.scalb(1.0, Math.min(bits.width(), 63))
                : type == FieldType.INT64 ? 0x1p63 : type.max() + 1.0;
        if (!(rounded >= lower && rounded < upper)) {
            String range = (long) lower + " to " + Long.toUnsignedString(bits != null ? bits.max() : type.max());
            throw doesNotFit(value, rounded, bits != null ? "bits " + bits + " (" + range + ")"
                    : type.withArticle() + " (" + range + ")");
        }
        writeRaw(payload, (long) rounded);
    }

    /** Writes an integer raw value already known to fit. */
    void writeRaw(byte[] payload, long raw) {
        if (bits == null) {
            store(payload, raw);
            return;
        }
        long mask = bits.max() << bits.low();
        store(payload, (unsigned(payload) & ~mask) | (raw << bits.low()));
    }

    String where() {
        return "field '" + name + "' at byte " + at;
    }

    private EncodeException doesNotFit(double value, double raw, String what) {
        String rawPart = scale == 1 && offset == 0 ? "" : " (raw " + raw + " after scale " + scale + " and offset "
                + offset + ")";
        return new EncodeException(where() + ": value " + value + rawPart + " does not fit " + what);
    }

    private long unsigned(byte[] payload) {
        long result = 0;
        int size = type.size();
        if (bigEndian) {
            for (int i = 0; i < size; i++) {
                result = result << 8 | (payload[at + i] & 0xFF);
            }
        } else {
            for (int i = size - 1; i >= 0; i--) {
                result = result << 8 | (payload[at + i] & 0xFF);
            }
        }
        return result;
    }

    private void store(byte[] payload, long bitsToStore) {
        int size = type.size();
        for (int i = 0; i < size; i++) {
            int shift = 8 * (bigEndian ? size - 1 - i : i);
            payload[at + i] = (byte) (bitsToStore >>> shift);
        }
    }
}
