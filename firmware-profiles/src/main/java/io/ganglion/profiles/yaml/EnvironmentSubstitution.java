package io.ganglion.profiles.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in string values from the environment, so that secrets such
 * as broker passwords stay out of the file. <code>$${</code> writes a literal <code>${</code>. Like the shell,
 * {@code :-} uses the default when the variable is unset or empty. Expanded values are never put into messages.
 */
final class EnvironmentSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SYNTAX = "${NAME} or ${NAME:-default}, NAME made of letters, digits and '_'";

    /** Substitutes nothing: every string is taken as written. */
    static final EnvironmentSubstitution NONE = new EnvironmentSubstitution(name -> null, false);

    private final Function<String, String> environment;
    private final boolean enabled;

    EnvironmentSubstitution(Function<String, String> environment) {
        this(environment, true);
    }

    private EnvironmentSubstitution(Function<String, String> environment, boolean enabled) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.enabled = enabled;
    }

    /** A value after expansion, and the variables it was built from (empty when nothing was substituted). */
    record Expanded(String text, List<String> variables) {
    }

    Expanded expand(String raw, Path file, String key, int line) throws ConfigException {
        if (!enabled || !raw.contains("${")) {
            return new Expanded(raw, List.of());
        }
        StringBuilder text = new StringBuilder(raw.length());
        List<String> variables = new ArrayList<>();
        int at = 0;
        while (at < raw.length()) {
            if (raw.startsWith("$${", at)) {
                text.append("${");
                at += 3;
            } else if (raw.startsWith("${", at)) {
                int end = raw.indexOf('}', at);
                if (end < 0) {
                    throw new ConfigException(file, key, line, "expected " + SYNTAX + ", got an unclosed '${'");
                }
                text.append(lookup(raw.substring(at + 2, end), file, key, line, variables));
                at = end + 1;
            } else {
                text.append(raw.charAt(at++));
            }
        }
        return new Expanded(text.toString(), List.copyOf(variables));
    }

    private String lookup(String reference, Path file, String key, int line, List<String> variables)
            throws ConfigException {
        int split = reference.indexOf(":-");
        String name = split < 0 ? reference : reference.substring(0, split);
        String fallback = split < 0 ? null : reference.substring(split + 2);
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(file, key, line, "expected " + SYNTAX + ", got '${" + reference + "}'");
        }
        variables.add(name);
        String value = environment.apply(name);
        if (fallback != null && (value == null || value.isEmpty())) {
            return fallback;
        }
        if (value == null) {
            throw new ConfigException(file, key, line, "environment variable " + name
                    + " is not set and has no default; set it, or write ${" + name + ":-default} in the file");
        }
        return value;
    }
}
