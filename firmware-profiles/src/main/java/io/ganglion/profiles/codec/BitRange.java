package io.ganglion.profiles.codec;

import io.ganglion.profiles.InvalidSettingException;

/**
 * The bits of a bit field, as a profile writes them: {@code "3"} for one bit, {@code "4-7"} for bits 4 to 7, where bit
 * 0 is the least significant bit of the integer (after the byte order is applied). Bit fields are unsigned.
 * {@link FieldSpec#bitRange()} gives a field's.
 *
 * @param low the lowest bit, from 0
 * @param high the highest bit, from {@code low} to 63
 */
public record BitRange(int low, int high) {
    private static final String SYNTAX = "a bit number such as 3 or a range such as 4-7";

    /** @throws IllegalArgumentException unless 0 <= low <= high <= 63 */
    public BitRange {
        if (low < 0 || low > high || high > 63) {
            throw new IllegalArgumentException("bits " + low + "-" + high + ": expected 0 <= low <= high <= 63");
        }
    }

    static BitRange parse(String key, String text) {
        String trimmed = text.trim();
        int dash = trimmed.indexOf('-');
        int low = number(key, dash < 0 ? trimmed : trimmed.substring(0, dash), text);
        int high = dash < 0 ? low : number(key, trimmed.substring(dash + 1), text);
        if (low > high) {
            throw new InvalidSettingException(key, "a range from its lowest bit to its highest, such as 4-7",
                    "'" + text + "'");
        }
        if (high > 63) {
            throw new InvalidSettingException(key, "bits from 0 to 63", "'" + text + "'");
        }
        return new BitRange(low, high);
    }

    private static int number(String key, String digits, String text) {
        String trimmed = digits.trim();
        if (trimmed.isEmpty() || trimmed.length() > 2 || !trimmed.chars().allMatch(Character::isDigit)) {
            throw new InvalidSettingException(key, SYNTAX, "'" + text + "'");
        }
        return Integer.parseInt(trimmed);
    }

    /** How many bits the field has, 1 to 64. */
    public int width() {
        return high - low + 1;
    }

    /**
     * The largest value the bits hold, which is also their mask before the shift. Unsigned: a 64-bit wide field gives
     * all ones ({@code -1L}); {@link Long#toUnsignedString(long)} and the like read it right.
     */
    public long max() {
        return width() == 64 ? -1L : (1L << width()) - 1;
    }

    boolean overlaps(BitRange other) {
        return low <= other.high && other.low <= high;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
