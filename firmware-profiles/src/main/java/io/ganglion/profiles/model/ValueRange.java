package io.ganglion.profiles.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.yaml.ValueSyntax;
import java.util.List;

/**
 * The closed interval of values a metric or a command parameter accepts, written {@code [min, max]}.
 *
 * @param min the smallest valid value
 * @param max the largest valid value, not below {@code min}
 */
@ValueSyntax("a range [min, max] of two numbers, min not above max")
public record ValueRange(double min, double max) {
    private static final String EXPECTATION = "a range [min, max] of two numbers, min not above max";

    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new InvalidSettingException("range", EXPECTATION, "[" + min + ", " + max + "]");
        }
    }

    /** Reads {@code [min, max]} as a file writes it. */
    @JsonCreator
    public static ValueRange of(List<Double> bounds) {
        if (bounds == null || bounds.size() != 2 || bounds.contains(null)) {
            throw new InvalidSettingException("range", EXPECTATION, bounds == null ? "nothing" : bounds.toString());
        }
        return new ValueRange(bounds.get(0), bounds.get(1));
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** Whether both ends are whole numbers, as the range of an integer parameter must be. */
    boolean isIntegral() {
        return min == Math.rint(min) && max == Math.rint(max);
    }

    @JsonValue
    List<Double> bounds() {
        return List.of(min, max);
    }

    @Override
    public String toString() {
        return "[" + format(min) + ", " + format(max) + "]";
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
