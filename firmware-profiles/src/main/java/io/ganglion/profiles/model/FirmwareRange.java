package io.ganglion.profiles.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.yaml.ValueSyntax;
import java.util.Objects;

/**
 * The firmware versions a profile applies to: whitespace-separated comparators that must all hold, e.g.
 * {@code ">=2.0 <3"}; {@code >=}, {@code >}, {@code <=}, {@code <} and {@code =} are understood, a bare version
 * means {@code =}, and {@code *} means any version. Versions compare as {@link FirmwareVersion} does, so
 * {@code "=2"} is exactly 2.0.0 (write {@code ">=2 <3"} for every 2.x) and {@code "<3"} includes {@code 3.0-rc1}.
 *
 * <p>A range is an interval, so two ranges {@link #overlaps overlap} exactly when some version could satisfy both,
 * which is how a profile set finds two profiles that would both claim a device.
 */
@ValueSyntax("a firmware range such as \">=2.0 <3\", \"=1.4.2\" or \"*\"")
public final class FirmwareRange {
    private static final String EXPECTATION =
            "a firmware range: comparators such as \">=2.0 <3\" (>=, >, <=, <, =, all must hold), or \"*\" for any";

    /** Every version. */
    public static final FirmwareRange ANY = new FirmwareRange("*", null, false, null, false);

    private final String text;
    private final FirmwareVersion lower; // null: unbounded
    private final boolean lowerInclusive;
    private final FirmwareVersion upper; // null: unbounded
    private final boolean upperInclusive;

    private FirmwareRange(String text, FirmwareVersion lower, boolean lowerInclusive, FirmwareVersion upper,
            boolean upperInclusive) {
        this.text = text;
        this.lower = lower;
        this.lowerInclusive = lowerInclusive;
        this.upper = upper;
        this.upperInclusive = upperInclusive;
    }

    /**
     * Parses a range.
     *
     * @throws InvalidSettingException naming {@code key} when the text is not a range, or no version satisfies it
     */
    public static FirmwareRange parse(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException(key, EXPECTATION, text == null ? "nothing" : "an empty value");
        }
        String trimmed = text.trim();
        if (trimmed.equals("*")) {
            return ANY;
        }
        FirmwareRange range = new FirmwareRange(trimmed, null, false, null, false);
        for (String comparator : trimmed.split("\\s+")) {
            range = range.and(comparator, key, text);
        }
        if (range.isEmpty()) {
            throw new InvalidSettingException(key, "a firmware range that some version satisfies", "'" + text + "'");
        }
        return range;
    }

    /** Parses a range as the {@code firmware} key of a profile writes it. */
    @JsonCreator
    public static FirmwareRange of(String text) {
        return parse("firmware", text);
    }

    private FirmwareRange and(String comparator, String key, String whole) {
        String operator = comparator.startsWith(">=") || comparator.startsWith("<=") ? comparator.substring(0, 2)
                : comparator.startsWith(">") || comparator.startsWith("<") || comparator.startsWith("=")
                ? comparator.substring(0, 1) : "=";
        String versionText = comparator.substring(comparator.startsWith(operator) ? operator.length() : 0);
        FirmwareVersion version;
        try {
            version = FirmwareVersion.parse(key, versionText);
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(key, EXPECTATION, "'" + whole + "' ('" + comparator + "' is not one)");
        }
        switch (operator) {
            case ">=":
                return withLower(version, true);
            case ">":
                return withLower(version, false);
            case "<=":
                return withUpper(version, true);
            case "<":
                return withUpper(version, false);
            default:
                return withLower(version, true).withUpper(version, true);
        }
    }

    private FirmwareRange withLower(FirmwareVersion version, boolean inclusive) {
        int order = lower == null ? 1 : version.compareTo(lower);
        if (order > 0 || (order == 0 && !inclusive)) {
            return new FirmwareRange(text, version, inclusive, upper, upperInclusive);
        }
        return this;
    }

    private FirmwareRange withUpper(FirmwareVersion version, boolean inclusive) {
        int order = upper == null ? -1 : version.compareTo(upper);
        if (order < 0 || (order == 0 && !inclusive)) {
            return new FirmwareRange(text, lower, lowerInclusive, version, inclusive);
        }
        return this;
    }

    private boolean isEmpty() {
        if (lower == null || upper == null) {
            return false;
        }
        int order = lower.compareTo(upper);
        return order > 0 || (order == 0 && !(lowerInclusive && upperInclusive));
    }

    /** Whether {@code version} satisfies every comparator. */
    public boolean contains(FirmwareVersion version) {
        Objects.requireNonNull(version, "version");
        if (lower != null) {
            int order = version.compareTo(lower);
            if (order < 0 || (order == 0 && !lowerInclusive)) {
                return false;
            }
        }
        if (upper != null) {
            int order = version.compareTo(upper);
            return order < 0 || (order == 0 && upperInclusive);
        }
        return true;
    }

    /** Whether some version satisfies both ranges. */
    public boolean overlaps(FirmwareRange other) {
        FirmwareRange both = this;
        if (other.lower != null) {
            both = both.withLower(other.lower, other.lowerInclusive);
        }
        if (other.upper != null) {
            both = both.withUpper(other.upper, other.upperInclusive);
        }
        return !both.isEmpty();
    }

    /** Orders ranges by where they start: unbounded first, then by lower bound, inclusive before exclusive. */
    public int compareLowerBounds(FirmwareRange other) {
        if (lower == null || other.lower == null) {
            return Boolean.compare(lower != null, other.lower != null);
        }
        int order = lower.compareTo(other.lower);
        return order != 0 ? order : Boolean.compare(!lowerInclusive, !other.lowerInclusive);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FirmwareRange range && Objects.equals(lower, range.lower)
                && Objects.equals(upper, range.upper) && (lower == null || lowerInclusive == range.lowerInclusive)
                && (upper == null || upperInclusive == range.upperInclusive);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lower, upper);
    }

    /** The range as it was written, e.g. {@code >=2.0 <3}. */
    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
