package io.ganglion.profiles.codec;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed-length binary structs ({@link CodecKind#BINARY}): each field a typed value at a byte position, in the spec's
 * byte order, optionally a bit field of an integer, with value = raw * scale + offset.
 *
 * <p>Decode refuses any payload whose length is not exactly the spec's (a short payload is truncated, a long one
 * is not this struct) and allocates nothing beyond the list of samples. Samples come in byte order. Every field is
 * always present, so a struct is never empty.
 *
 * <p>Encode is the inverse: raw values rounded to the nearest integer, refused when they do not fit their type or
 * bits; it needs a sample for every field (a struct has no way to leave one out) and a time when the struct has a
 * timestamp. Bits and bytes that no field covers are written as zero, so {@code encode(decode(bytes))} gives the
 * same bytes back exactly when every bit is covered by a field or the timestamp, or the uncovered ones are zero.
 */
final class BinaryStructCodec implements PayloadCodec {
    private final int length;
    /** Fields in byte order, so samples come out in payload order. */
    private final StructField[] fields;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    /** The timestamp, read as a whole number of its unit (or a fraction for float64); {@code null} if none. */
    private final StructField timestamp;
    private final EpochUnit timeUnit;

    BinaryStructCodec(CodecSpec spec) {
        this.length = spec.length();
        boolean bigEndian = spec.byteOrder() == CodecSpec.ByteOrder.BIG;
        List<StructField> compiled = new ArrayList<>();
        spec.fields().forEach((name, field) -> compiled.add(new StructField(name, field.at(), field.type(),
                bigEndian, field.bitRange(), field.scale(), field.offset())));
        compiled.sort(Comparator.comparingInt((StructField field) -> field.at));
        this.fields = compiled.toArray(new StructField[0]);
        for (int slot = 0; slot < fields.length; slot++) {
            slots.put(fields[slot].name, slot);
        }
        TimestampSpec time = spec.timestamp();
        this.timestamp = time == null ? null
                : new StructField("timestamp", time.at(), time.type(), bigEndian, null, 1, 0);
        this.timeUnit = time == null ? null : time.unit();
    }

    @Override
    public List<Sample> decode(byte[] payload) throws DecodeException {
        if (payload.length != length) {
            throw new DecodeException(RejectReason.MALFORMED, "expected a " + length + "-byte struct, got "
                    + payload.length + (payload.length == 1 ? " byte" : " bytes"));
        }
        long time = timestamp == null ? Sample.NO_TIME : readTime(payload);
        List<Sample> samples = new ArrayList<>(fields.length);
        for (StructField field : fields) {
            samples.add(new Sample(field.name, time, field.read(payload), null));
        }
        return samples;
    }

    private long readTime(byte[] payload) throws DecodeException {
        String where = "the timestamp at byte " + timestamp.at;
        if (timestamp.type == FieldType.FLOAT64) {
            return EpochTime.fromFraction(timestamp.read(payload), timeUnit, where);
        }
        return EpochTime.fromWhole(timestamp.rawInteger(payload), timeUnit, where);
    }

    @Override
    public byte[] encode(List<Sample> samples) throws EncodeException {
        EncodeChecks.notEmpty(samples);
        byte[] payload = new byte[length];
        boolean[] written = new boolean[fields.length];
        for (Sample sample : samples) {
            int slot = EncodeChecks.slot(slots, sample);
            if (written[slot]) {
                throw new EncodeException("field '" + sample.field() + "' given twice; a struct holds each field"
                        + " once");
            }
            written[slot] = true;
            fields[slot].write(payload, sample.value());
        }
        List<String> missing = new ArrayList<>();
        for (int slot = 0; slot < fields.length; slot++) {
            if (!written[slot]) {
                missing.add(fields[slot].name);
            }
        }
        if (!missing.isEmpty()) {
            throw new EncodeException("a binary struct carries every field; no sample for " + missing);
        }
        if (timestamp != null) {
            writeTime(payload, EncodeChecks.commonTime(samples));
        }
        return payload;
    }

    private void writeTime(byte[] payload, long millis) throws EncodeException {
        if (millis == Sample.NO_TIME) {
            throw new EncodeException("the struct has a timestamp at byte " + timestamp.at
                    + ", but no sample has a time");
        }
        if (timestamp.type == FieldType.FLOAT64) {
            timestamp.write(payload, millis / (double) timeUnit.millis());
            return;
        }
        long raw = Math.round(millis / (double) timeUnit.millis());
        if (raw < timestamp.type.min() || raw > timestamp.type.max()) {
            throw new EncodeException("the timestamp at byte " + timestamp.at + ": " + millis + " ms is " + raw + " "
                    + timeUnit.describe() + ", which does not fit " + timestamp.type.withArticle() + " ("
                    + timestamp.type.min() + " to " + timestamp.type.max() + ")");
        }
        timestamp.writeRaw(payload, raw);
    }
}
