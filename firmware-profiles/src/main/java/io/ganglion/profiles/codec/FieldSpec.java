package io.ganglion.profiles.codec;

import io.ganglion.profiles.ConfigCheck;
import io.ganglion.profiles.InvalidSettingException;

/**
 * Where one metric is in a payload: an entry of a profile's {@code telemetry.fields}, whose key is the metric name.
 * Which components apply depends on the codec ({@link CodecSpec} says which one it is, and refuses the others):
 *
 * <ul>
 *   <li>JSON and CBOR: {@code path}, a dot path into the object ({@code env.t}, {@code values.0}); default: the key.
 *   <li>SenML: {@code name}, the record name to match (resolved {@code bn + n}, or the record's own {@code n});
 *       default: the key.
 *   <li>Binary: {@code at} (byte position, required), {@code type} (required), {@code bits} (a bit field inside an
 *       integer: {@code "3"} or {@code "4-7"}, bit 0 the least significant), {@code scale} and {@code offset}
 *       (value = raw * scale + offset; defaults 1 and 0).
 * </ul>
 *
 * <p>This constructor checks what a field says on its own; {@link CodecSpec} checks it against the codec and the
 * other fields. Keys in errors are relative to this record ({@code bits}).
 */
public record FieldSpec(String path, String name, Integer at, FieldType type, String bits, Double scale,
                        Double offset) {

    public FieldSpec {
        if (path != null) {
            DotPath.check("path", path);
        }
        if (name != null) {
            ConfigCheck.notBlank("name", name);
        }
        if (at != null && at < 0) {
            throw new InvalidSettingException("at", "a byte position from 0", at);
        }
        if (bits != null) {
            BitRange range = BitRange.parse("bits", bits);
            if (type != null && !type.isInteger()) {
                throw new InvalidSettingException("bits", "no bits for " + type.withArticle()
                        + " field (bit fields lie inside integer types)", "'" + bits + "'");
            }
            if (type != null && range.high() >= type.bits()) {
                throw new InvalidSettingException("bits", "bits from 0 to " + (type.bits() - 1) + " of "
                        + type.withArticle(), "'" + bits + "'");
            }
        }
        if (scale != null && (!Double.isFinite(scale) || scale == 0)) {
            throw new InvalidSettingException("scale", "a finite number other than 0", scale);
        }
        if (offset != null && !Double.isFinite(offset)) {
            throw new InvalidSettingException("offset", "a finite number", offset);
        }
    }

    /** A JSON or CBOR field at {@code path}. */
    public static FieldSpec atPath(String path) {
        return new FieldSpec(path, null, null, null, null, null, null);
    }

    /** A SenML field matching records named {@code name}. */
    public static FieldSpec named(String name) {
        return new FieldSpec(null, name, null, null, null, null, null);
    }

    /** A binary field of {@code type} at byte {@code at}. */
    public static FieldSpec binary(int at, FieldType type) {
        return new FieldSpec(null, null, at, type, null, null, null);
    }

    /** This binary field with value = raw * scale + offset. */
    public FieldSpec scaled(double newScale, double newOffset) {
        return new FieldSpec(path, name, at, type, bits, newScale, newOffset);
    }

    /** This binary field narrowed to a bit field, {@code "3"} or {@code "4-7"}. */
    public FieldSpec withBits(String newBits) {
        return new FieldSpec(path, name, at, type, newBits, scale, offset);
    }

    /** The parsed {@link #bits}, or {@code null} for a field that is the whole integer (or not binary). */
    public BitRange bitRange() {
        return bits == null ? null : BitRange.parse("bits", bits);
    }
}
