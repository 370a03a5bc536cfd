package io.ganglion.runtime.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a device says about itself on its status channel ({@code devices/{id}/status}): the firmware it runs, which
 * selects its profile, and its state. Two forms are accepted, because devices in the field use both:
 * <ul>
 *   <li>a JSON object with {@code firmware} and/or {@code state}, e.g. {@code {"firmware": "2.3.1", "state":
 *   "online"}}; other fields are ignored;</li>
 *   <li>a bare word, the usual MQTT last will: {@code online}, {@code offline} (any case, as Tasmota sends them).</li>
 * </ul>
 *
 * @param firmware the announced version, or null
 * @param state    the announced state in lower case, or null
 */
public record StatusMessage(String firmware, String state) {
    private static final JsonFactory JSON = new JsonFactory();
    /** Firmware versions as devices write them: {@code 2.3.1}, {@code v1.4-beta2}, {@code 2024.11.0+build7}. */
    private static final Pattern FIRMWARE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern STATE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /**
     * Parses a status payload.
     *
     * @throws DecodeException MALFORMED for anything else, WRONG_TYPE for a non-string firmware or state, EMPTY when
     *                         it says neither
     */
    public static StatusMessage parse(byte[] payload) throws DecodeException {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("{")) {
            String word = text.toLowerCase(Locale.ROOT);
            if (STATE.matcher(word).matches()) {
                return new StatusMessage(null, word);
            }
            throw new DecodeException(RejectReason.MALFORMED, "a status message is a JSON object with 'firmware' "
                    + "and/or 'state', or a single word such as 'online'");
        }
        String firmware = null;
        String state = null;
        try (JsonParser parser = JSON.createParser(payload)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("firmware")) {
                    firmware = checked("firmware", value, parser, FIRMWARE, "a version such as 2.3.1");
                } else if (field.equals("state")) {
                    state = checked("state", value, parser, STATE, "a word such as online or offline")
                            .toLowerCase(Locale.ROOT);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new DecodeException(RejectReason.MALFORMED, "the status JSON object is not closed");
            }
        } catch (IOException e) {
            throw new DecodeException(RejectReason.MALFORMED, "status message is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (firmware == null && state == null) {
            throw new DecodeException(RejectReason.EMPTY, "the status message carries neither 'firmware' nor 'state'");
        }
        return new StatusMessage(firmware, state);
    }

    private static String checked(String field, JsonToken token, JsonParser parser, Pattern allowed, String expected)
            throws IOException, DecodeException {
        if (token != JsonToken.VALUE_STRING) {
            throw new DecodeException(RejectReason.WRONG_TYPE, "status field '" + field + "': expected a string, "
                    + "got " + token);
        }
        String value = parser.getText();
        String check = field.equals("state") ? value.toLowerCase(Locale.ROOT) : value;
        if (!allowed.matcher(check).matches()) {
            throw new DecodeException(RejectReason.MALFORMED, "status field '" + field + "': expected " + expected
                    + ", got '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
        return value;
    }
}
