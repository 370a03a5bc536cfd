package io.ganglion.profiles;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The minimal JSON telemetry profile: a flat object whose {@code ts} field (optional) is the device time in epoch
 * milliseconds and whose every other field is one metric, e.g. {@code {"ts": 1732700000000, "temperature": 21.5}}.
 * Booleans are stored as 1 and 0. Strings, arrays, objects and nulls are wrong types; NaN and infinities (including
 * numbers too large for a double) are not finite.
 *
 * <p>Streaming parse: no tree is built, so a message costs a handful of small objects.
 */
public final class JsonTelemetryProfile implements Profile {

    /** The profile id of the built-in instance with no units. */
    public static final String ID = "json-telemetry";
    static final String TIMESTAMP_FIELD = "ts";

    // NaN and Infinity tokens are allowed by the parser so that they are reported as not_finite, which says more to the
    // person reading /api/v1/rejected than "malformed".
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final String id;
    private final Map<String, String> unitsByMetric;

    public JsonTelemetryProfile(String id, Map<String, String> unitsByMetric) {
        this.id = Objects.requireNonNull(id, "id");
        this.unitsByMetric = Map.copyOf(unitsByMetric);
    }

    /** The built-in {@value #ID} profile. */
    public static JsonTelemetryProfile builtIn() {
        return new JsonTelemetryProfile(ID, Map.of());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Reading> decodeTelemetry(String deviceId, byte[] payload, long receivedAt) throws DecodeException {
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DecodeException(RejectReason.MALFORMED, "expected a JSON object at the top level");
            }
            long timestamp = receivedAt;
            List<String> metrics = new ArrayList<>(4);
            double[] values = new double[4]; // unboxed: this runs once per device message
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                if (TIMESTAMP_FIELD.equals(field)) {
                    timestamp = readTimestamp(parser, token);
                    continue;
                }
                if (metrics.size() == values.length) {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                values[metrics.size()] = readValue(parser, token, field);
                metrics.add(field);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new DecodeException(RejectReason.MALFORMED, "expected a field name or the end of the object");
            }
            if (parser.nextToken() != null) {
                throw new DecodeException(RejectReason.MALFORMED, "unexpected content after the JSON object");
            }
            if (metrics.isEmpty()) {
                throw new DecodeException(RejectReason.EMPTY, "the object has no metric fields");
            }
            List<Reading> readings = new ArrayList<>(metrics.size());
            for (int i = 0; i < metrics.size(); i++) {
                String metric = metrics.get(i);
                readings.add(new Reading(deviceId, metric, timestamp, values[i],
                        unitsByMetric.getOrDefault(metric, ""), Quality.GOOD));
            }
            return readings;
        } catch (JsonParseException e) {
            throw new DecodeException(RejectReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DecodeException(RejectReason.MALFORMED, "unreadable payload: " + e.getMessage(), e);
        }
    }

    private static long readTimestamp(JsonParser parser, JsonToken token) throws IOException, DecodeException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new DecodeException(RejectReason.WRONG_TYPE,
                    "field 'ts' must be an integer of epoch milliseconds, got " + describe(token));
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new DecodeException(RejectReason.TIMESTAMP_OUT_OF_RANGE, "field 'ts' does not fit in 64 bits");
        }
        return parser.getLongValue();
    }

    private static double readValue(JsonParser parser, JsonToken token, String field)
            throws IOException, DecodeException {
        switch (token) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw new DecodeException(RejectReason.NOT_FINITE,
                            "field '" + field + "' is " + parser.getText() + "; expected a finite number");
                }
                return value;
            case VALUE_TRUE:
                return 1.0;
            case VALUE_FALSE:
                return 0.0;
            default:
                throw new DecodeException(RejectReason.WRONG_TYPE,
                        "field '" + field + "' must be a number or a boolean, got " + describe(token));
        }
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case VALUE_STRING: return "a string";
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_NULL: return "null";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NUMBER_FLOAT: return "a decimal number";
            default: return token.asString() == null ? token.name() : token.asString();
        }
    }
}
