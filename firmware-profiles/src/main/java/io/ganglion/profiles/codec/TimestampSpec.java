package io.ganglion.profiles.codec;

import io.ganglion.profiles.InvalidSettingException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where the device's own time is in a payload ({@code telemetry.timestamp}), in {@link EpochUnit units} since the
 * epoch. JSON and CBOR name a {@code path}; binary structs an {@code at} and a {@code type}. The {@code unit}
 * defaults to {@code ms} for JSON and CBOR and to {@code s} for binary (filled in by {@link CodecSpec}). SenML takes
 * its time from {@code bt} and {@code t} and has no timestamp spec. Payloads without a timestamp get the gateway's
 * receive time.
 */
public record TimestampSpec(String path, Integer at, FieldType type, EpochUnit unit) {
    /** Types wide enough for a current epoch time; float32's 24-bit mantissa would round it to minutes. */
    static final Set<FieldType> TYPES = EnumSet.of(FieldType.INT32, FieldType.UINT32, FieldType.INT64,
            FieldType.FLOAT64);

    public TimestampSpec {
        if (path != null) {
            DotPath.check("path", path);
        }
        if (at != null && at < 0) {
            throw new InvalidSettingException("at", "a byte position from 0", at);
        }
        if (type != null && !TYPES.contains(type)) {
            throw new InvalidSettingException("type", "one of int32, uint32, int64 or float64 (a type that holds"
                    + " an epoch time)", type.label());
        }
    }

    /** The device time at {@code path} of a JSON or CBOR object. */
    public static TimestampSpec atPath(String path, EpochUnit unit) {
        return new TimestampSpec(path, null, null, unit);
    }

    /** The device time as a {@code type} at byte {@code at} of a binary struct. */
    public static TimestampSpec binary(int at, FieldType type, EpochUnit unit) {
        return new TimestampSpec(null, at, type, unit);
    }
}
