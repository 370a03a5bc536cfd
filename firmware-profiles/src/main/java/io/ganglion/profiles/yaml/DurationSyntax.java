package io.ganglion.profiles.yaml;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration (and in API requests, e.g. a command's {@code ttl}): {@code 500ms},
 * {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}.
 */
public final class DurationSyntax {
    public static final String EXPECTATION = "a duration such as 500ms, 2s, 5m, 1h, 7d or PT5S";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationSyntax() {
    }

    /** Also accepts ISO-8601 ({@code PT5S}, {@code P1DT2H}) for those who generate configuration. */
    /** @throws IllegalArgumentException saying what was expected */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher simple = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                switch (simple.group(2)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    case "h":
                        return Duration.ofHours(amount);
                    default:
                        return Duration.ofDays(amount);
                }
            }
            if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
                return Duration.parse(trimmed);
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException tooLargeOrMalformed) {
            // falls through to the common error
        }
        throw new IllegalArgumentException("expected " + EXPECTATION);
    }
}
