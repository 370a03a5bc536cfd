package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.ganglion.profiles.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Jackson binding failure into a {@link ConfigException} a site engineer can act on: the full key, its line,
 * what the key accepts and what the file gave. Jackson's own messages are not reused: they name Java types and may
 * quote values that came from the environment. For the same reason the Jackson exception is not kept as the cause.
 */
final class BindingErrors {
    private final YamlDocument document;
    private final Class<?> rootType;

    BindingErrors(YamlDocument document, Class<?> rootType) {
        this.document = document;
        this.rootType = rootType;
    }

    ConfigException translate(JsonMappingException e) {
        String key = KeyPath.of(e.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownKey(key, unknown);
        }
        InvalidSettingException invalid = invalidSetting(e);
        if (e instanceof ValueInstantiationException && invalid != null) {
            // A value type's creator (a firmware range, a topic) rejects the value at the key itself; a record's
            // compact constructor rejects one of its own keys.
            boolean valueItself = ConfigSchema.isValueType(ConfigSchema.typeAt(rootType, key));
            return invalidValue(valueItself ? key : KeyPath.child(key, invalid.key()), invalid);
        }
        return wrongType(key);
    }

    private ConfigException unknownKey(String key, UnrecognizedPropertyException e) {
        String parent = KeyPath.parent(key);
        List<String> allowed = new ArrayList<>(ConfigSchema.keysOf(ConfigSchema.typeAt(rootType, parent)));
        if (allowed.isEmpty() && e.getKnownPropertyIds() != null) {
            e.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
            allowed.sort(null);
        }
        String problem = "unknown key";
        String suggestion = closest(e.getPropertyName(), allowed);
        if (suggestion != null) {
            problem += " (did you mean " + suggestion + "?)";
        }
        problem += "; allowed " + (parent.isEmpty() ? "at the top level" : "in " + parent) + ": "
                + String.join(", ", allowed);
        return new ConfigException(document.file(), key, document.lineOf(key), problem);
    }

    private ConfigException invalidValue(String key, InvalidSettingException e) {
        List<String> variables = document.variablesAt(key);
        String got = variables.isEmpty() ? actualFrom(e) : Describe.fromEnvironment(variables);
        return new ConfigException(document.file(), key, document.lineOf(key),
                "expected " + e.expectation() + ", got " + got);
    }

    private ConfigException wrongType(String key) {
        String name = key.substring(key.lastIndexOf('.') + 1);
        String expected = ConfigSchema.expectation(ConfigSchema.typeAt(rootType, key), name);
        String got = Describe.node(document.nodeAt(key), document.variablesAt(key));
        return new ConfigException(document.file(), key, document.lineOf(key),
                "expected " + expected + ", got " + got);
    }

    /** The "got" part of an InvalidSettingException, whose message is "KEY: expected EXPECTATION, got ACTUAL". */
    private static String actualFrom(InvalidSettingException e) {
        String prefix = e.key() + ": expected " + e.expectation() + ", got ";
        String message = e.getMessage();
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : "something else";
    }

    private static InvalidSettingException invalidSetting(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /** The allowed key a typo most likely meant: one edit away for short keys, two for longer ones. */
    private static String closest(String typed, List<String> allowed) {
        String best = null;
        int bestDistance = (typed.length() <= 3 ? 1 : 2) + 1;
        for (String candidate : allowed) {
            int distance = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit, the commonest typo. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
