package io.ganglion.profiles.codec;

import io.ganglion.profiles.InvalidSettingException;

/**
 * The bits of a bit field, as a profile writes them: {@code "3"} for one bit, {@code "4-7"} for bits 4 to 7, where bit
 * 0 is the least significant bit of the integer (after the byte order is applied). Bit fields are unsigned.
 */
record BitRange(int low, int high) {
    private static final String SYNTAX = "a bit number such as 3 or a range such as 4-7";

    static BitRange parse(String key, String text) {
        String trimmed = text.trim();
        int dash = trimmed.indexOf('-');
        int low = number(key, dash < 0 ? trimmed : trimmed.substring(0, dash), text);
        int high = dash < 0 ? low : number(key, trimmed.substring(dash + 1), text);
        if (low > high) {
            throw new InvalidSettingException(key, "a range from its lowest bit to its highest, such as 4-7",
                    "'" + text + "'");
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

    int width() {
        return high - low + 1;
    }

    /** The largest value the bits hold, which is also their mask before the shift. */
    long max() {
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
