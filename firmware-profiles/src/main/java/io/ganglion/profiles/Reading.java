package io.ganglion.profiles;

import java.util.Objects;

/**
 * One decoded measurement: the unit of everything the gateway stores, summarises and syncs.
 *
 * @param deviceId  the device that produced it
 * @param metric    the metric name from the device's profile, e.g. {@code temperature}
 * @param timestamp UTC epoch milliseconds: the device's own time when it sent one, else the gateway's receive time
 * @param value     a finite number (NaN and infinities are rejected before a Reading exists)
 * @param unit      a UCUM-style unit code, or the empty string when the profile names none
 * @param quality   how far the value can be trusted
 */
public record Reading(String deviceId, String metric, long timestamp, double value, String unit, Quality quality) {
    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("reading value must be finite, got " + value + " for " + metric);
        }
    }

    public Reading withQuality(Quality newQuality) {
        return new Reading(deviceId, metric, timestamp, value, unit, newQuality);
    }
}
