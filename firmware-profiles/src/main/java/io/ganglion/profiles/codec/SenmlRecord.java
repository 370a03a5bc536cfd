package io.ganglion.profiles.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.io.IOException;

/**
 * One record of a SenML pack as read, before the base fields are applied. A decode reuses one instance for all the
 * records of its pack, so that a record costs no allocation beyond the strings Jackson makes.
 *
 * <p>Breaking SenML's own rules (a name that is not a string, a field given twice, two values in one record, an
 * unknown must-understand field ending in {@code _}) is malformed whatever the record's name. Problems with the
 * value itself are kept in {@link #valueKind} and only reported if a declared field matches the record: a device
 * may send string values for records the profile does not read.
 */
final class SenmlRecord {
    /** Which of the value fields the record has. */
    enum ValueKind {
        NONE, NUMBER, BOOLEAN, STRING, DATA,
        /** A {@code v} that is not a number or a {@code vb} that is not a boolean. */
        WRONG
    }

    String baseName;
    String baseUnit;
    double baseTime;
    double baseValue;
    double baseSum;
    String name;
    String unit;
    double time;
    ValueKind valueKind;
    double value;
    /** What the value was when it was {@link ValueKind#WRONG}: "a string in v". */
    String wrongValue;
    double sum;
    /** The labels present, one bit per {@link SenmlLabel#ordinal()}. */
    private int present;

    boolean has(SenmlLabel label) {
        return (present & (1 << label.ordinal())) != 0;
    }

    boolean hasValueOrSum() {
        return valueKind != ValueKind.NONE || has(SenmlLabel.SUM);
    }

    /** Reads the map the parser is at the start of, up to its end. */
    void read(JsonParser parser, PayloadFormat format, int index) throws IOException, DecodeException {
        present = 0;
        name = null;
        unit = null;
        valueKind = ValueKind.NONE;
        String key;
        while ((key = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            SenmlLabel label = SenmlLabel.of(key, format);
            if (label == null) {
                if (key.endsWith("_")) {
                    throw malformed(index, "expected only fields this gateway understands, got the"
                            + " must-understand field '" + key + "' (RFC 8428 section 4.4)");
                }
                parser.skipChildren();
                continue;
            }
            if (has(label)) {
                throw malformed(index, "expected " + label.json + " once, got it twice");
            }
            present |= 1 << label.ordinal();
            readField(parser, token, label, format, index);
        }
    }

    private void readField(JsonParser parser, JsonToken token, SenmlLabel label, PayloadFormat format, int index)
            throws IOException, DecodeException {
        switch (label) {
            case BASE_NAME -> baseName = text(parser, token, label, format, index);
            case BASE_UNIT -> baseUnit = text(parser, token, label, format, index);
            case NAME -> name = text(parser, token, label, format, index);
            case UNIT -> unit = text(parser, token, label, format, index);
            case BASE_TIME -> baseTime = number(parser, token, label, format, index);
            case BASE_VALUE -> baseValue = number(parser, token, label, format, index);
            case BASE_SUM -> baseSum = number(parser, token, label, format, index);
            case TIME -> time = number(parser, token, label, format, index);
            case SUM -> sum = number(parser, token, label, format, index);
            case BASE_VERSION, UPDATE_TIME -> number(parser, token, label, format, index); // checked, not used
            case VALUE -> {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    setValue(ValueKind.NUMBER, parser.getDoubleValue(), index);
                } else {
                    setWrongValue(parser, token, label, format, index);
                }
            }
            case BOOLEAN_VALUE -> {
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    setValue(ValueKind.BOOLEAN, token == JsonToken.VALUE_TRUE ? 1 : 0, index);
                } else {
                    setWrongValue(parser, token, label, format, index);
                }
            }
            case STRING_VALUE -> {
                text(parser, token, label, format, index);
                setValue(ValueKind.STRING, Double.NaN, index);
            }
            case DATA_VALUE -> {
                // Base64 text in JSON, a byte string in CBOR (RFC 8428 sections 4.3 and 6).
                JsonToken expected = format == PayloadFormat.CBOR ? JsonToken.VALUE_EMBEDDED_OBJECT
                        : JsonToken.VALUE_STRING;
                if (token != expected) {
                    throw malformed(index, "expected " + format.describe(expected) + " in vd, got "
                            + format.describe(token));
                }
                setValue(ValueKind.DATA, Double.NaN, index);
            }
            default -> throw new IllegalStateException("unhandled SenML label " + label);
        }
    }

    private void setWrongValue(JsonParser parser, JsonToken token, SenmlLabel label, PayloadFormat format, int index)
            throws IOException, DecodeException {
        setValue(ValueKind.WRONG, Double.NaN, index);
        wrongValue = format.describe(token) + " in " + label.json;
        parser.skipChildren();
    }

    private void setValue(ValueKind kind, double newValue, int index) throws DecodeException {
        if (valueKind != ValueKind.NONE) {
            throw malformed(index, "expected at most one of v, vs, vb and vd, got two");
        }
        valueKind = kind;
        value = newValue;
    }

    private static String text(JsonParser parser, JsonToken token, SenmlLabel label, PayloadFormat format, int index)
            throws IOException, DecodeException {
        if (token != JsonToken.VALUE_STRING) {
            throw malformed(index, "expected " + format.describe(JsonToken.VALUE_STRING) + " in " + label.json
                    + ", got " + format.describe(token));
        }
        return parser.getText();
    }

    /** A number; NaN and infinities pass here and are refused where they are used. */
    private static double number(JsonParser parser, JsonToken token, SenmlLabel label, PayloadFormat format,
                                 int index) throws IOException, DecodeException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw malformed(index, "expected a number in " + label.json + ", got " + format.describe(token));
        }
        return parser.getDoubleValue();
    }

    private static DecodeException malformed(int index, String problem) {
        return new DecodeException(RejectReason.MALFORMED, "SenML record [" + index + "]: " + problem);
    }
}
