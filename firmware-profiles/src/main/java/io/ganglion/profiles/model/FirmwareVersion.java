package io.ganglion.profiles.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.yaml.ValueSyntax;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware version as devices announce it: dot-separated numbers with an optional pre-release suffix and optional
 * build metadata, e.g. {@code 2.10.1}, {@code v1.4}, {@code 3.0-rc2}, {@code 2.1.0+g1a2b3c}.
 *
 * <p>Ordering is numeric per segment ({@code 2.10 > 2.9}); missing segments count as zero ({@code 2 == 2.0.0}); a
 * version with a pre-release suffix sorts before the same version without one ({@code 3.0-rc2 < 3.0}), and suffixes
 * compare by their dot-separated parts, numbers numerically, as in Semantic Versioning. Build metadata after {@code +}
 * is kept for display and ignored when comparing. {@link #equals} agrees with {@link #compareTo}.
 */
@ValueSyntax("a firmware version such as 2.1.0, 3.0-rc1 or v1.4")
public final class FirmwareVersion implements Comparable<FirmwareVersion> {
    private static final Pattern SYNTAX = Pattern.compile(
            "[vV]?(\\d{1,9}(?:\\.\\d{1,9})*)(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");
    private static final String EXPECTATION = "a firmware version such as 2.1.0, 3.0-rc1 or v1.4";

    private final String text;
    private final int[] segments;
    private final String[] preRelease;

    private FirmwareVersion(String text, int[] segments, String[] preRelease) {
        this.text = text;
        this.segments = segments;
        this.preRelease = preRelease;
    }

    /**
     * Parses a version as a device or a file writes it.
     *
     * @throws InvalidSettingException naming {@code key} when {@code text} is not a version
     */
    public static FirmwareVersion parse(String key, String text) {
        if (text == null) {
            throw new InvalidSettingException(key, EXPECTATION, "nothing");
        }
        Matcher matcher = SYNTAX.matcher(text.trim());
        if (!matcher.matches() || (matcher.group(2) != null && hasEmptyPart(matcher.group(2)))) {
            throw new InvalidSettingException(key, EXPECTATION, "'" + text + "'");
        }
        int[] segments = Arrays.stream(matcher.group(1).split("\\.")).mapToInt(Integer::parseInt).toArray();
        int length = segments.length;
        while (length > 1 && segments[length - 1] == 0) {
            length--; // 2.0.0 and 2 are the same version; keep one form so equals and hashCode agree
        }
        String[] preRelease = matcher.group(2) == null ? new String[0] : matcher.group(2).split("\\.");
        for (int i = 0; i < preRelease.length; i++) {
            if (preRelease[i].chars().allMatch(Character::isDigit)) {
                preRelease[i] = preRelease[i].replaceFirst("^0+(?=.)", "");
            }
        }
        return new FirmwareVersion(text.trim(), Arrays.copyOf(segments, length), preRelease);
    }

    /** Parses a version where no key is involved, e.g. what a device announced. */
    @JsonCreator
    public static FirmwareVersion of(String text) {
        return parse("firmware", text);
    }

    private static boolean hasEmptyPart(String suffix) {
        return suffix.startsWith(".") || suffix.endsWith(".") || suffix.contains("..");
    }

    /** Whether this is a pre-release ({@code 3.0-rc1}). */
    public boolean isPreRelease() {
        return preRelease.length > 0;
    }

    @Override
    public int compareTo(FirmwareVersion other) {
        int length = Math.max(segments.length, other.segments.length);
        for (int i = 0; i < length; i++) {
            int a = i < segments.length ? segments[i] : 0;
            int b = i < other.segments.length ? other.segments[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return comparePreRelease(preRelease, other.preRelease);
    }

    /** No suffix sorts after any suffix; suffix parts compare numerically when both are numbers, else as text. */
    private static int comparePreRelease(String[] a, String[] b) {
        if (a.length == 0 || b.length == 0) {
            return Integer.compare(b.length, a.length);
        }
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean aNumber = a[i].chars().allMatch(Character::isDigit);
            boolean bNumber = b[i].chars().allMatch(Character::isDigit);
            int order;
            if (aNumber && bNumber) {
                // Leading zeros were stripped at parse time, so the longer number is the larger one.
                order = a[i].length() != b[i].length() ? Integer.compare(a[i].length(), b[i].length())
                        : a[i].compareTo(b[i]);
            } else if (aNumber != bNumber) {
                order = aNumber ? -1 : 1; // Semantic Versioning: numeric parts sort before text parts
            } else {
                order = a[i].compareTo(b[i]);
            }
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FirmwareVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(segments) + Arrays.hashCode(preRelease);
    }

    /** The version as it was written. */
    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
