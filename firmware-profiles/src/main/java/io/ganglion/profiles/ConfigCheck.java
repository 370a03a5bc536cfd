package io.ganglion.profiles;

import java.time.Duration;

/**
 * Checks for the compact constructors of settings records. Each names the key it checks so that the error a person
 * sees says which setting was wrong and what it should have been; none clamps a bad value into a good one.
 */
public final class ConfigCheck {
    private ConfigCheck() {
    }

    public static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }

    public static int inRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, "an integer from " + min + " to " + max, value);
        }
        return value;
    }

    public static long inRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, "a number from " + min + " to " + max, value);
        }
        return value;
    }

    public static Duration inRange(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidSettingException(key, "a duration from " + min + " to " + max, value);
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(key, "a non-empty string", value == null ? "nothing" : "'" + value + "'");
        }
        return value;
    }

    /** Ids appear in MQTT topics, URLs and file names: keep them to a safe alphabet. */
    public static String identifier(String key, String value) {
        notBlank(key, value);
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw new InvalidSettingException(key,
                    "1 to 128 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
                    "'" + value + "'");
        }
        return value;
    }
}
