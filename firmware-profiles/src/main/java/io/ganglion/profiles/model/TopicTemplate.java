package io.ganglion.profiles.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.yaml.ValueSyntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An MQTT topic with placeholders, e.g. {@code site/{site}/bme/{deviceId}/up}. A placeholder is a whole topic level
 * ({@code {name}} between slashes), so that the gateway can subscribe with {@code +} in its place and read the
 * values back out of a topic unambiguously. Every template names {@code {deviceId}}: a topic that does not say which
 * device sent it cannot be attributed. Wildcards ({@code +}, {@code #}) are the gateway's to add, never the file's.
 * Other placeholders ({@code {site}}, {@code {name}} for a command) take their values from the device's declaration
 * and the command being sent.
 */
@ValueSyntax("an MQTT topic template with {deviceId} as a whole level, such as devices/{deviceId}/telemetry")
public final class TopicTemplate {
    /** The placeholder every template has. */
    public static final String DEVICE_ID = "deviceId";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final String EXPECTATION =
            "an MQTT topic template with {deviceId} as a whole level, such as devices/{deviceId}/telemetry";

    private final String text;
    private final String[] levels;
    private final String[] placeholderAt; // per level: the placeholder's name, or null for a literal level
    private final List<String> placeholders;

    private TopicTemplate(String text, String[] levels, String[] placeholderAt, List<String> placeholders) {
        this.text = text;
        this.levels = levels;
        this.placeholderAt = placeholderAt;
        this.placeholders = placeholders;
    }

    /**
     * @throws InvalidSettingException naming {@code key} when the text has a wildcard, a placeholder that is not a
     *                                 whole level or appears twice, or no {@code {deviceId}}
     */
    public static TopicTemplate parse(String key, String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidSettingException(key, EXPECTATION, text == null ? "nothing" : "an empty value");
        }
        if (text.indexOf('+') >= 0 || text.indexOf('#') >= 0) {
            throw new InvalidSettingException(key, EXPECTATION + ", without the wildcards + and #", quoted(text));
        }
        if (text.indexOf('\0') >= 0 || text.length() > 1024) {
            throw new InvalidSettingException(key, EXPECTATION + " of at most 1024 characters and no NUL",
                    quoted(text));
        }
        String[] levels = text.split("/", -1);
        String[] placeholderAt = new String[levels.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            var matcher = PLACEHOLDER.matcher(levels[i]);
            if (matcher.matches()) {
                String name = matcher.group(1);
                if (names.contains(name)) {
                    throw new InvalidSettingException(key, EXPECTATION + ", each placeholder once",
                            quoted(text) + " ({" + name + "} twice)");
                }
                names.add(name);
                placeholderAt[i] = name;
            } else if (levels[i].indexOf('{') >= 0 || levels[i].indexOf('}') >= 0) {
                throw new InvalidSettingException(key, EXPECTATION + "; a placeholder {name} is a whole level",
                        quoted(text) + " (level '" + levels[i] + "')");
            }
        }
        if (!names.contains(DEVICE_ID)) {
            throw new InvalidSettingException(key, EXPECTATION, quoted(text) + " (no {deviceId})");
        }
        return new TopicTemplate(text, levels, placeholderAt, Collections.unmodifiableList(names));
    }

    /** Reads a template where the key is not known; binding reports the key that holds it. */
    @JsonCreator
    public static TopicTemplate of(String text) {
        return parse("topic", text);
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    /** The placeholders' names in the order they appear. */
    public List<String> placeholders() {
        return placeholders;
    }

    /** The subscription filter: every placeholder replaced by {@code +}, e.g. {@code site/+/bme/+/up}. */
    public String subscriptionFilter() {
        String[] filter = levels.clone();
        for (int i = 0; i < filter.length; i++) {
            if (placeholderAt[i] != null) {
                filter[i] = "+";
            }
        }
        return String.join("/", filter);
    }

    /**
     * The topic for these values.
     *
     * @throws IllegalArgumentException when a placeholder has no value, or a value is empty or would change the
     *                                  topic's levels ({@code /}, {@code +}, {@code #})
     */
    public String render(Map<String, String> values) {
        String[] topic = levels.clone();
        for (int i = 0; i < topic.length; i++) {
            if (placeholderAt[i] != null) {
                String value = values.get(placeholderAt[i]);
                if (value == null || value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('+') >= 0
                        || value.indexOf('#') >= 0) {
                    throw new IllegalArgumentException("topic " + text + ": {" + placeholderAt[i]
                            + "} needs a non-empty value without '/', '+' or '#', got " + value);
                }
                topic[i] = value;
            }
        }
        return String.join("/", topic);
    }

    /** The placeholders' values if {@code topic} fits this template, e.g. {@code {deviceId=bme-7, site=north}}. */
    public Optional<Map<String, String>> match(String topic) {
        Objects.requireNonNull(topic, "topic");
        String[] parts = topic.split("/", -1);
        if (parts.length != levels.length) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (placeholderAt[i] == null) {
                if (!levels[i].equals(parts[i])) {
                    return Optional.empty();
                }
            } else if (parts[i].isEmpty()) {
                return Optional.empty();
            } else {
                values.put(placeholderAt[i], parts[i]);
            }
        }
        return Optional.of(values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicTemplate template && template.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
