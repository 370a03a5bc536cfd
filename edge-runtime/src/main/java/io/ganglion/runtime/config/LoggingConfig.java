package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.util.List;
import java.util.Locale;

/** Logging (YAML: {@code logging}): readable lines by default, one JSON object per line for log shippers. */
public record LoggingConfig(Format format, String level) {
    /** In order of verbosity, so that the error message lists them the way people think of them. */
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public enum Format { TEXT, JSON }

    public LoggingConfig {
        format = orDefault(format, Format.TEXT);
        String given = orDefault(level, "INFO");
        level = given.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new InvalidSettingException("level", "one of " + String.join(", ", LEVELS).toLowerCase(Locale.ROOT),
                    "'" + given + "'");
        }
    }

    public static LoggingConfig defaults() {
        return new LoggingConfig(null, null);
    }
}
