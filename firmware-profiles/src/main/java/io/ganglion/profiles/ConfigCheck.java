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
            throw new InvalidSettingException(key, "a duration from " + readable(min) + " to " + readable(max),
                    readable(value));
        }
        return value;
    }

    /** A duration the way configuration files write it ({@code 500ms}, {@code 30s}, {@code 7d}); ISO-8601 otherwise. */
    public static String readable(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        // Negative, sub-millisecond or beyond Long milliseconds (about 292 million years): ISO-8601 says it exactly.
        if (duration.isNegative() || duration.toNanosPart() % 1_000_000 != 0
                || duration.getSeconds() > Long.MAX_VALUE / 1000 - 1) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return duration.toString();
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
