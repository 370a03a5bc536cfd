package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the settings records accept, read from the records themselves: which keys a section allows and what kind of
 * value a key takes. Error messages and the documentation test use it, so neither keeps its own list to go stale.
 */
public final class ConfigSchema {
    private ConfigSchema() {
    }

    /** The declared type at {@code key} below {@code root}, or {@code null} when the path leaves the records. */
    static Type typeAt(Class<?> root, String key) {
        Type type = root;
        for (String segment : segments(key)) {
            if (segment.startsWith("[")) {
                type = elementType(type);
            } else if (mapValueType(type) != null) {
                type = mapValueType(type);
            } else {
                RecordComponent component = component(raw(type), segment);
                type = component == null ? null : component.getGenericType();
            }
            if (type == null) {
                return null;
            }
        }
        return type;
    }

    /** The keys a section of this type allows, in declaration order; empty for anything but a record. */
    static List<String> keysOf(Type type) {
        Class<?> raw = raw(type);
        if (raw == null || !raw.isRecord()) {
            return List.of();
        }
        return Arrays.stream(raw.getRecordComponents()).map(ConfigSchema::keyOf).collect(Collectors.toList());
    }

    /**
     * The key a record component is written as: its name, or the name its accessor's {@code @JsonProperty} gives
     * (for keys that are Java keywords, such as {@code extends}).
     */
    static String keyOf(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }

    /** Whether values of this type are written as one value rather than as a section of keys. */
    static boolean isValueType(Type type) {
        Class<?> raw = raw(type);
        return raw != null && raw.isAnnotationPresent(ValueSyntax.class);
    }

    /**
     * Every key below {@code root} as documented: {@code mqtt.broker.url}, {@code devices[].id}; a map's entries,
     * whose keys the file chooses, as {@code *}: {@code metrics.*.unit}.
     */
    public static List<String> allKeys(Class<?> root) {
        List<String> keys = new ArrayList<>();
        collect(root, "", keys);
        return keys;
    }

    private static void collect(Type type, String prefix, List<String> keys) {
        if (isValueType(type)) {
            return; // written as one value, even when it is a record inside
        }
        Type element = elementType(type);
        if (element != null) {
            collect(element, prefix + "[]", keys);
            return;
        }
        Type mapValue = mapValueType(type);
        if (mapValue != null) {
            collect(mapValue, KeyPath.child(prefix, "*"), keys);
            return;
        }
        for (String name : keysOf(type)) {
            String key = KeyPath.child(prefix, name);
            keys.add(key);
            collect(component(raw(type), name).getGenericType(), key, keys);
        }
    }

    /** What a person should write for a value of this type, e.g. "true or false"; {@code name} is the key's name. */
    static String expectation(Type type, String name) {
        Class<?> raw = raw(type);
        if (raw == null) {
            return "a value";
        }
        ValueSyntax syntax = raw.getAnnotation(ValueSyntax.class);
        if (syntax != null) {
            return syntax.value();
        }
        boolean bytes = name != null && name.endsWith("Bytes");
        if (raw == Integer.class || raw == int.class) {
            return bytes ? ByteSizeSyntax.EXPECTATION + ", below 2GiB" : "a whole number";
        }
        if (raw == Long.class || raw == long.class) {
            return bytes ? ByteSizeSyntax.EXPECTATION : "a whole number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "true or false";
        }
        if (raw == Duration.class) {
            return DurationSyntax.EXPECTATION;
        }
        if (raw == Path.class) {
            return "a file path";
        }
        if (raw == String.class) {
            return "a text value";
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (raw.isRecord()) {
            return "a section of key: value lines (" + String.join(", ", keysOf(raw)) + ")";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "a list of entries, each starting with '- '";
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "a section of name: value lines";
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return "a number";
        }
        return "a " + raw.getSimpleName();
    }

    private static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        for (String dotted : key.isEmpty() ? new String[0] : key.split("\\.")) {
            int bracket = dotted.indexOf('[');
            if (bracket != 0) {
                segments.add(bracket < 0 ? dotted : dotted.substring(0, bracket));
            }
            for (int at = bracket; at >= 0; at = dotted.indexOf('[', at + 1)) {
                segments.add("[");
            }
        }
        return segments;
    }

    private static RecordComponent component(Class<?> record, String name) {
        if (record == null || !record.isRecord()) {
            return null;
        }
        return Arrays.stream(record.getRecordComponents())
                .filter(component -> keyOf(component).equals(name)).findFirst().orElse(null);
    }

    /** The value type of a {@code Map<String, V>}, or {@code null} for anything else. */
    private static Type mapValueType(Type type) {
        if (type instanceof ParameterizedType parameterized && Map.class.isAssignableFrom(raw(parameterized))) {
            return parameterized.getActualTypeArguments()[1];
        }
        return null;
    }

    private static Type elementType(Type type) {
        if (type instanceof ParameterizedType parameterized
                && Collection.class.isAssignableFrom(raw(parameterized))) {
            return parameterized.getActualTypeArguments()[0];
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> raw) {
            return raw;
        }
        if (type instanceof ParameterizedType parameterized) {
            return raw(parameterized.getRawType());
        }
        return null;
    }
}
