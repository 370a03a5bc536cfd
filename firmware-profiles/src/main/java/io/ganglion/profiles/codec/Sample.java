package io.ganglion.profiles.codec;

import java.util.Objects;

/**
 * One value as a payload carries it, before the profile gives it a unit, a range and a quality.
 *
 * @param field     the field's name as the profile's {@code telemetry.fields} key names it (the metric name)
 * @param timestamp UTC epoch milliseconds when the payload says when, else {@link #NO_TIME}
 * @param value     the value after the codec's own scale and offset (binary structs); may be NaN or infinite only
 *                  if the codec lets them through to be rejected by the profile (codecs reject them themselves)
 * @param unit      the unit the payload itself names (SenML {@code u}/{@code bu}), else {@code null}
 */
public record Sample(String field, long timestamp, double value, String unit) {
    /** {@link #timestamp()} when the payload carries no time: the gateway's receive time is used instead. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public Sample {
        Objects.requireNonNull(field, "field");
    }

    public static Sample of(String field, double value) {
        return new Sample(field, NO_TIME, value, null);
    }

    public boolean hasTime() {
        return timestamp != NO_TIME;
    }
}
