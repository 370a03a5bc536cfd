package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** How a value found in the file is shown after "got" in an error message. */
final class Describe {
    private static final int MAX_TEXT = 80;

    private Describe() {
    }

    /**
     * @param node      the value, or {@code null} when the key is absent
     * @param variables the environment variables the value came from; such a value is never shown, it may be a secret
     */
    static String node(JsonNode node, List<String> variables) {
        if (variables != null && !variables.isEmpty()) {
            return fromEnvironment(variables);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a section (key: value lines)";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.isEmpty()) {
                return "an empty value";
            }
            return "'" + (text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text) + "'";
        }
        return node.asText();
    }

    static String fromEnvironment(List<String> variables) {
        return "the value of " + variables.stream().map(name -> "${" + name + "}").collect(Collectors.joining(", "))
                + " (not shown)";
    }
}
