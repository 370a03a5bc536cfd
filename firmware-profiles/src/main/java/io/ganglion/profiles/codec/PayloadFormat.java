package io.ganglion.profiles.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * JSON or CBOR, both read and written through Jackson's streaming API, so that one codec class serves both: the
 * differences are the factory, how a position in the payload is named, and how numbers are written most compactly.
 */
enum PayloadFormat {
    JSON("JSON", JsonFactory.builder()
            // Parsed so that NaN and Infinity are reported as not_finite rather than as broken JSON.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build()),
    CBOR("CBOR", new CBORFactory());

    /** How Jackson begins a location inside its messages when the payload is not to be quoted. */
    private static final Pattern REDACTED_SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");

    private final String label;
    private final JsonFactory factory;

    PayloadFormat(String label, JsonFactory factory) {
        this.label = label;
        this.factory = factory;
    }

    JsonFactory factory() {
        return factory;
    }

    @Override
    public String toString() {
        return label;
    }

    /** A parse error for a person: where it was and Jackson's description, less its note on redacted sources. */
    String notValid(StreamReadException e) {
        String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return "not valid " + label + where(e.getLocation()) + ": " + REDACTED_SOURCE.matcher(problem).replaceAll("[");
    }

    /** Where a parse error was: a line and column in JSON text, a byte offset in CBOR. */
    private String where(JsonLocation location) {
        if (location == null) {
            return "";
        }
        if (this == JSON && location.getLineNr() > 0) {
            return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return location.getByteOffset() >= 0 ? " at byte " + location.getByteOffset() : "";
    }

    /**
     * Writes a value as devices do: whole numbers as integers ({@code 101325}, not {@code 101325.0}); in CBOR a
     * fraction that a float32 holds exactly as a 4-byte float. Both read back as the same double.
     */
    void writeNumber(JsonGenerator generator, double value) throws IOException {
        boolean negativeZero = value == 0 && Double.doubleToRawLongBits(value) != 0;
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53 && !negativeZero) {
            generator.writeNumber((long) value);
        } else if (this == CBOR && (double) (float) value == value) {
            generator.writeNumber((float) value);
        } else {
            generator.writeNumber(value);
        }
    }

    /** Epoch milliseconds in the profile's unit: whole seconds as an integer, else a fraction of seconds. */
    void writeTime(JsonGenerator generator, long millis, EpochUnit unit) throws IOException {
        if (unit == EpochUnit.MS || millis % 1000 == 0) {
            generator.writeNumber(millis / unit.millis());
        } else {
            generator.writeNumber(millis / 1000.0);
        }
    }

    /** A token as a person reading an error message thinks of it. */
    String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case VALUE_STRING: return this == CBOR ? "a text string" : "a string";
            case VALUE_EMBEDDED_OBJECT: return "a byte string";
            case START_OBJECT: return this == CBOR ? "a map" : "an object";
            case START_ARRAY: return "an array";
            case VALUE_NULL: return "null";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
            default: return token.name();
        }
    }
}
