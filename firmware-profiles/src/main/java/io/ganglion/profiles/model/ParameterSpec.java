package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;

/**
 * One parameter of a command ({@code commands.<name>.parameters.<parameter>}). Every parameter is required: a command
 * that would be sent with a guessed value is worse than one that is refused.
 *
 * @param type        float (default), int or bool
 * @param range       the values accepted; for an int parameter both ends are whole numbers. Absent: any value of
 *                    the type that the payload field can carry
 * @param unit        the UCUM code of the value, for people and the API
 * @param description for people
 */
public record ParameterSpec(ParameterType type, ValueRange range, String unit, String description) {
    public ParameterSpec {
        type = orDefault(type, ParameterType.FLOAT);
        unit = orDefault(unit, "");
        if (!unit.isEmpty() && !Units.isKnown(unit)) {
            throw new InvalidSettingException("unit", "a known UCUM unit code (docs/profiles.md lists them)",
                    "'" + unit + "'");
        }
        if (range != null && type == ParameterType.INT && !range.isIntegral()) {
            throw new InvalidSettingException("range", "whole numbers for an int parameter", range);
        }
        if (range != null && type == ParameterType.BOOL) {
            throw new InvalidSettingException("range", "no range for a bool parameter", range);
        }
    }
}
