package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.yaml.ValueSyntax;

/**
 * What a test vector expects one metric to decode to: {@code temperature: 21.5}, {@code running: true}, or
 * {@code temperature: {value: 120, quality: bad}}. Values are in the metric's unit, after conversion.
 *
 * @param value   the expected value (a bool as 1 or 0)
 * @param quality the expected quality, good unless said otherwise
 */
@ValueSyntax("a number, true or false, or {value: NUMBER, quality: good|uncertain|bad}")
public record ExpectedReading(Double value, Quality quality) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ExpectedReading {
        if (value == null || !Double.isFinite(value)) {
            throw new InvalidSettingException("value", "a finite number", value == null ? "nothing" : value);
        }
        quality = orDefault(quality, Quality.GOOD);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExpectedReading of(double value) {
        return new ExpectedReading(value, Quality.GOOD);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExpectedReading of(boolean value) {
        return new ExpectedReading(value ? 1.0 : 0.0, Quality.GOOD);
    }
}
