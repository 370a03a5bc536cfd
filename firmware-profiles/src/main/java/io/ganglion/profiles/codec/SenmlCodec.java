package io.ganglion.profiles.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SenML packs (RFC 8428) in JSON or CBOR ({@link CodecKind#SENML_JSON}, {@link CodecKind#SENML_CBOR}).
 *
 * <p>Decode resolves each record as section 4.6 says: name = bn + n, time = bt + t, unit = u or else bu, value =
 * bv + v (vb as 1 or 0; a record with only a sum gives bs + s), where base fields apply to their own record and
 * those after it. A declared field takes a record whose resolved name equals its {@code name}, or else whose own
 * {@code n} does, so a device that puts its URN in bn still matches a profile written for the bare name. Every
 * matching record becomes a sample, so a pack with several times of one field gives them all, in pack order.
 * Resolved times under 2^28 seconds are relative to now (section 4.5.3), read from the codec's clock; a record with
 * no time at all (resolved 0) gets {@link Sample#NO_TIME}, so the gateway stamps it with the receive time.
 *
 * <p>Encode writes one record per sample with n, u (when the sample has a unit), t (absolute seconds, fractional
 * for milliseconds, when it has a time) and v; no base fields.
 */
final class SenmlCodec implements PayloadCodec {
    /** Resolved SenML times below this many seconds are relative to the current time (RFC 8428 4.5.3). */
    static final double RELATIVE_LIMIT = 0x1p28;

    private final PayloadFormat format;
    private final Clock clock;
    private final String[] fields;
    private final String[] names;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private final Map<String, Integer> slotsByName = new LinkedHashMap<>();

    SenmlCodec(PayloadFormat format, CodecSpec spec, Clock clock) {
        this.format = format;
        this.clock = clock;
        this.fields = spec.fields().keySet().toArray(new String[0]);
        this.names = new String[fields.length];
        for (int slot = 0; slot < fields.length; slot++) {
            names[slot] = spec.fields().get(fields[slot]).name();
            slots.put(fields[slot], slot);
            slotsByName.put(names[slot], slot);
        }
    }

    @Override
    public List<Sample> decode(byte[] payload) throws DecodeException {
        List<Sample> samples = new ArrayList<>();
        int records = 0;
        try (JsonParser parser = format.factory().createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw malformed("expected a SenML pack (an array of records) at the top level, got "
                        + format.describe(first));
            }
            SenmlRecord record = new SenmlRecord();
            Resolver resolver = new Resolver();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw malformed("SenML record [" + records + "]: expected "
                            + format.describe(JsonToken.START_OBJECT) + ", got " + format.describe(token));
                }
                record.read(parser, format, records);
                resolver.applyBase(record);
                if (record.hasValueOrSum()) {
                    int slot = slotOf(resolver.baseName, record.name);
                    if (slot >= 0) {
                        samples.add(resolver.resolve(record, fields[slot], records));
                    }
                }
                records++;
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw malformed("expected the end of the payload after the SenML pack, got "
                        + format.describe(after));
            }
        } catch (StreamReadException e) {
            throw new DecodeException(RejectReason.MALFORMED, format.notValid(e), e);
        } catch (IOException e) {
            throw new DecodeException(RejectReason.MALFORMED, "unreadable " + format + " payload: " + e.getMessage(),
                    e);
        }
        if (samples.isEmpty()) {
            throw new DecodeException(RejectReason.EMPTY, "none of the " + records + " SenML records has a value"
                    + " named " + String.join(", ", names));
        }
        return samples;
    }

    /** The declared field a record is for: its resolved name first, then its own n; -1 for none. */
    private int slotOf(String baseName, String name) {
        String own = name == null ? "" : name;
        if (baseName != null && !baseName.isEmpty()) {
            // Compared in place, so that matching costs no concatenated string per record.
            for (int slot = 0; slot < names.length; slot++) {
                String declared = names[slot];
                if (declared.length() == baseName.length() + own.length() && declared.startsWith(baseName)
                        && declared.endsWith(own)) {
                    return slot;
                }
            }
        }
        Integer slot = slotsByName.get(own);
        return slot == null ? -1 : slot;
    }

    private static DecodeException malformed(String message) {
        return new DecodeException(RejectReason.MALFORMED, message);
    }

    /** The base fields in force while a pack is read, and the current time once a relative time needs it. */
    private final class Resolver {
        String baseName;
        String baseUnit;
        double baseTime;
        double baseValue;
        double baseSum;
        private long now = Sample.NO_TIME;

        void applyBase(SenmlRecord record) {
            if (record.has(SenmlLabel.BASE_NAME)) {
                baseName = record.baseName;
            }
            if (record.has(SenmlLabel.BASE_UNIT)) {
                baseUnit = record.baseUnit;
            }
            if (record.has(SenmlLabel.BASE_TIME)) {
                baseTime = record.baseTime;
            }
            if (record.has(SenmlLabel.BASE_VALUE)) {
                baseValue = record.baseValue;
            }
            if (record.has(SenmlLabel.BASE_SUM)) {
                baseSum = record.baseSum;
            }
        }

        Sample resolve(SenmlRecord record, String field, int index) throws DecodeException {
            double value;
            switch (record.valueKind) {
                case NUMBER -> value = baseValue + record.value;
                case BOOLEAN -> value = record.value;
                case NONE -> value = baseSum + record.sum;
                case STRING, DATA -> throw wrongType(record, index, "a " + (record.valueKind
                        == SenmlRecord.ValueKind.STRING ? "string value (vs)" : "data value (vd)"));
                default -> throw wrongType(record, index, record.wrongValue);
            }
            if (!Double.isFinite(value)) {
                throw new DecodeException(RejectReason.NOT_FINITE, where(record, index) + ": expected a finite "
                        + (record.valueKind == SenmlRecord.ValueKind.NONE ? "sum" : "value") + ", got " + value);
            }
            String unit = record.unit != null ? record.unit : baseUnit;
            return new Sample(field, time(record, index), value, unit);
        }

        private long time(SenmlRecord record, int index) throws DecodeException {
            double seconds = baseTime + (record.has(SenmlLabel.TIME) ? record.time : 0);
            if (seconds == 0) {
                return Sample.NO_TIME; // "now" with no time given: the receive time says it best
            }
            long millis = EpochTime.fromFraction(seconds, EpochUnit.S, where(record, index) + " time (bt + t)");
            if (seconds >= RELATIVE_LIMIT) {
                return millis;
            }
            if (now == Sample.NO_TIME) {
                now = clock.millis();
            }
            try {
                return Math.addExact(now, millis);
            } catch (ArithmeticException e) {
                throw new DecodeException(RejectReason.TIMESTAMP_OUT_OF_RANGE, where(record, index) + ": relative"
                        + " time " + seconds + " s is beyond the range of epoch milliseconds");
            }
        }

        private DecodeException wrongType(SenmlRecord record, int index, String got) {
            return new DecodeException(RejectReason.WRONG_TYPE, where(record, index)
                    + ": expected a number (v) or a boolean (vb), got " + got);
        }

        private String where(SenmlRecord record, int index) {
            String name = (baseName == null ? "" : baseName) + (record.name == null ? "" : record.name);
            return "SenML record [" + index + "] '" + name + "'";
        }
    }

    @Override
    public byte[] encode(List<Sample> samples) throws EncodeException {
        EncodeChecks.notEmpty(samples);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 48 * samples.size());
        try (JsonGenerator generator = format.factory().createGenerator(out)) {
            generator.writeStartArray(null, samples.size());
            for (Sample sample : samples) {
                writeRecord(generator, sample, EncodeChecks.slot(slots, sample));
            }
            generator.writeEndArray();
        } catch (IOException e) {
            throw new EncodeException("could not write " + format + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void writeRecord(JsonGenerator generator, Sample sample, int slot) throws IOException, EncodeException {
        boolean hasUnit = sample.unit() != null;
        if (sample.hasTime() && sample.timestamp() < RELATIVE_LIMIT * 1000) {
            throw new EncodeException("field '" + sample.field() + "': time " + sample.timestamp() + " ms is before"
                    + " 2^28 s (1978-07-04), which SenML reads as relative to now; it has no absolute form");
        }
        generator.writeStartObject(null, 2 + (hasUnit ? 1 : 0) + (sample.hasTime() ? 1 : 0));
        writeKey(generator, SenmlLabel.NAME);
        generator.writeString(names[slot]);
        if (hasUnit) {
            writeKey(generator, SenmlLabel.UNIT);
            generator.writeString(sample.unit());
        }
        if (sample.hasTime()) {
            writeKey(generator, SenmlLabel.TIME);
            format.writeTime(generator, sample.timestamp(), EpochUnit.S);
        }
        writeKey(generator, SenmlLabel.VALUE);
        format.writeNumber(generator, sample.value());
        generator.writeEndObject();
    }

    private void writeKey(JsonGenerator generator, SenmlLabel label) throws IOException {
        if (format == PayloadFormat.CBOR) {
            generator.writeFieldId(label.cbor);
        } else {
            generator.writeFieldName(label.json);
        }
    }
}
