package io.ganglion.profiles.model;

import io.ganglion.profiles.yaml.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * The checks that need a whole resolved profile rather than one record: required keys a parent may supply, the
 * telemetry fields against the metrics, and test vectors against the metrics and commands they name. Checks that
 * need the whole set (duplicate ids, overlapping firmware ranges) are {@link ProfileSetBuilder}'s.
 */
final class ProfileValidator {
    private ProfileValidator() {
    }

    static void check(ProfileDefinition profile, List<ConfigException> problems) {
        if (!profile.isAbstract()) {
            required(profile, "model", profile.model(), "the model key devices are declared with", problems);
            required(profile, "firmware", profile.firmware(), "a firmware range such as \">=2.0 <3\"", problems);
            required(profile, "telemetry", profile.telemetry(), "the telemetry codec, e.g. {codec: json, fields:"
                    + " {...}}", problems);
        }
        if (profile.telemetry() != null) {
            fieldsAreMetrics(profile, problems);
        }
        vectorsNameWhatExists(profile, problems);
    }

    private static void required(ProfileDefinition profile, String key, Object value, String expected,
            List<ConfigException> problems) {
        if (value == null) {
            String inherited = profile.parentId().map(id -> ", nor from " + id + ", which it extends").orElse("");
            problems.add(profile.problem(key, "expected " + expected + ", got nothing" + inherited
                    + " (or abstract: true for a profile only others extend)"));
        }
    }

    /**
     * Every field a metric and every metric a field: a field without a metric would have no unit or range, and a
     * metric no field produces would be reported as silent forever.
     */
    private static void fieldsAreMetrics(ProfileDefinition profile, List<ConfigException> problems) {
        Map<String, ?> fields = profile.telemetry().fields();
        for (String field : fields.keySet()) {
            if (!profile.metrics().containsKey(field)) {
                problems.add(profile.problem("telemetry.fields." + field, "expected a metric declared under"
                        + " metrics (" + names(profile.metrics()) + "), got '" + field + "'"));
            }
        }
        for (String metric : profile.metrics().keySet()) {
            if (!fields.containsKey(metric)) {
                problems.add(profile.problem("metrics." + metric, "expected a metric that a telemetry field"
                        + " produces, got '" + metric + "', which none does (add telemetry.fields." + metric
                        + ", or write '" + metric + ": ~' to drop an inherited metric)"));
            }
        }
    }

    private static void vectorsNameWhatExists(ProfileDefinition profile, List<ConfigException> problems) {
        for (ProfileDefinition.PlacedVector placed : profile.placedTests()) {
            TestVector vector = placed.vector();
            if (vector.isCommand()) {
                CommandSpec command = profile.commands().get(vector.command());
                if (command == null) {
                    problems.add(placed.origin().problem(placed.key() + ".command", "expected a command of the"
                            + " profile (" + names(profile.commands()) + "), got '" + vector.command() + "'"));
                }
            } else if (vector.expect() != null) {
                for (String metric : vector.expect().keySet()) {
                    if (!profile.metrics().containsKey(metric)) {
                        problems.add(placed.origin().problem(placed.key() + ".expect." + metric, "expected a metric"
                                + " of the profile (" + names(profile.metrics()) + "), got '" + metric + "'"));
                    }
                }
            }
        }
    }

    private static String names(Map<String, ?> entries) {
        return entries.isEmpty() ? "none" : String.join(", ", entries.keySet());
    }
}
