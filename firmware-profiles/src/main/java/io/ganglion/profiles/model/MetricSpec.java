package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;

/**
 * One metric of a profile: what a value means once decoded ({@code metrics.<name>} in a profile).
 *
 * @param type        float (default), int, bool or counter
 * @param unit        the UCUM code readings are stored in, e.g. {@code Cel}; empty when the value has none (bool
 *                    metrics have none)
 * @param range       the valid values, in {@code unit}; a value outside is stored with BAD quality, never dropped.
 *                    Absent: any finite value is good (bool: 0 and 1)
 * @param period      how often the device is expected to report it; absent when it reports on change
 * @param convertFrom the unit the device sends, when it differs from {@code unit}; readings are converted on decode
 *                    and back on encode. Must measure the same quantity as {@code unit}
 * @param description for people
 */
public record MetricSpec(MetricType type, String unit, ValueRange range, Duration period, String convertFrom,
        String description) {
    private static final Duration MIN_PERIOD = Duration.ofMillis(1);
    private static final Duration MAX_PERIOD = Duration.ofDays(7);

    public MetricSpec {
        type = orDefault(type, MetricType.FLOAT);
        unit = orDefault(unit, "");
        if (!unit.isEmpty() && !Units.isKnown(unit)) {
            throw new InvalidSettingException("unit", "a known UCUM unit code such as Cel, hPa, %, ug/m3"
                    + " (docs/profiles.md lists them)", "'" + unit + "'");
        }
        if (type == MetricType.BOOL && !unit.isEmpty()) {
            throw new InvalidSettingException("unit", "no unit for a bool metric", "'" + unit + "'");
        }
        if (type == MetricType.BOOL && range != null) {
            throw new InvalidSettingException("range", "no range for a bool metric (it is always [0, 1])", range);
        }
        if (period != null) {
            inRange("period", period, MIN_PERIOD, MAX_PERIOD);
        }
        if (convertFrom != null) {
            if (unit.isEmpty()) {
                throw new InvalidSettingException("convertFrom", "a unit to convert to as well (add unit:)",
                        "'" + convertFrom + "' without a unit");
            }
            try {
                Units.conversion(convertFrom, unit);
            } catch (IllegalArgumentException e) {
                String expected = Units.isKnown(convertFrom)
                        ? "a unit of the same quantity as " + unit + " (" + Units.quantityOf(unit) + ")"
                        : "a known UCUM unit code (docs/profiles.md lists them)";
                throw new InvalidSettingException("convertFrom", expected, "'" + convertFrom + "'");
            }
        }
    }

    /** The conversion from what the device sends to {@link #unit()}; identity without {@code convertFrom}. */
    public UnitConversion conversion() {
        return convertFrom == null ? UnitConversion.IDENTITY : Units.conversion(convertFrom, unit);
    }

    /** The range a value must be in to be of good quality; bool metrics: {@code [0, 1]}, and only those two. */
    public ValueRange validRange() {
        if (type == MetricType.BOOL) {
            return new ValueRange(0, 1);
        }
        return range;
    }
}
