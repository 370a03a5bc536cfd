package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.util.Set;

/** Logging (YAML: {@code logging}): readable lines by default, one JSON object per line for log shippers. */
public record LoggingConfig(Format format, String level) {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public enum Format { TEXT, JSON }

    public LoggingConfig {
        format = orDefault(format, Format.TEXT);
        level = orDefault(level, "INFO").toUpperCase(java.util.Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new InvalidSettingException("level", "one of " + LEVELS, level);
        }
    }

    public static LoggingConfig defaults() {
        return new LoggingConfig(null, null);
    }
}
