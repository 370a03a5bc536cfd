package io.ganglion.profiles.yaml;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes for keys ending in {@code Bytes}: a plain integer, or a number with a unit. KiB, MiB, GiB and TiB are
 * powers of 1024; KB, MB, GB and TB are powers of 1000, as on disk labels. Units are case-insensitive.
 */
final class ByteSizeSyntax {
    static final String EXPECTATION = "a byte size such as 65536, 512KiB, 64MiB or 1GiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40,
            "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L, "tb", 1_000_000_000_000L);

    private ByteSizeSyntax() {
    }

    static long parse(String text) {
        Matcher size = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (size.matches() && UNITS.containsKey(size.group(2))) {
            try {
                return Math.multiplyExact(Long.parseLong(size.group(1)), UNITS.get(size.group(2)));
            } catch (NumberFormatException | ArithmeticException tooLarge) {
                // falls through to the common error
            }
        }
        throw new IllegalArgumentException("expected " + EXPECTATION);
    }
}
