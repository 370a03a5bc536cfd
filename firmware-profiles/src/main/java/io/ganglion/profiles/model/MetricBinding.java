package io.ganglion.profiles.model;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.profiles.codec.Sample;

/**
 * One metric's part of decoding, precomputed when the profile is built: the unit conversion, the valid range and
 * the unit readings carry. Turning a sample into a reading then costs a multiply, an add, two compares and the
 * Reading itself: no map, no string.
 */
final class MetricBinding {
    private final String metric;
    private final String unit;
    private final String deviceUnit;
    private final UnitConversion conversion;
    private final double min;
    private final double max;
    private final boolean bool;
    private final boolean senml;

    MetricBinding(String metric, MetricSpec spec, boolean senml) {
        this.metric = metric;
        this.unit = spec.unit();
        this.deviceUnit = spec.convertFrom() != null ? spec.convertFrom() : spec.unit();
        this.conversion = spec.conversion();
        ValueRange range = spec.validRange();
        this.min = range == null ? Double.NEGATIVE_INFINITY : range.min();
        this.max = range == null ? Double.POSITIVE_INFINITY : range.max();
        this.bool = spec.type() == MetricType.BOOL;
        this.senml = senml;
    }

    String metric() {
        return metric;
    }

    /**
     * The reading of one sample: converted to the metric's unit, with BAD quality when out of range (a bool: when
     * neither 0 nor 1).
     *
     * @throws DecodeException NOT_FINITE for NaN or infinity, also after the conversion to the metric's unit; WRONG_TYPE when the payload names a unit that cannot
     *                         be converted to the metric's
     */
    Reading read(String deviceId, Sample sample, long receivedAt) throws DecodeException {
        double raw = sample.value();
        if (!Double.isFinite(raw)) {
            throw new DecodeException(RejectReason.NOT_FINITE, "field '" + metric + "' is " + raw
                    + "; expected a finite number");
        }
        double value;
        String sent = sample.unit();
        if (sent == null || sent.equals(deviceUnit) || unit.isEmpty()) {
            value = conversion.apply(raw);
        } else {
            value = fromUnit(sent, raw);
        }
        if (!Double.isFinite(value)) {
            // A finite sample can overflow in the unit conversion (-1.8e308 mg/m3 is -Infinity in ug/m3).
            throw new DecodeException(RejectReason.NOT_FINITE, "field '" + metric + "' is " + raw + " "
                    + (sent != null ? sent : deviceUnit) + ", which is " + value + " in " + unit
                    + "; expected a finite number");
        }
        boolean good = bool ? value == 0 || value == 1 : value >= min && value <= max;
        long timestamp = sample.hasTime() ? sample.timestamp() : receivedAt;
        return new Reading(deviceId, metric, timestamp, value, unit, good ? Quality.GOOD : Quality.BAD);
    }

    /** The rare path: the payload names its unit (SenML), and it is not the one the profile expects. */
    private double fromUnit(String sent, double raw) throws DecodeException {
        try {
            return Units.conversion(sent, unit).apply(raw);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(RejectReason.WRONG_TYPE, "field '" + metric + "' is in '" + sent
                    + "', which cannot be converted to the metric's unit " + unit + ": " + e.getMessage());
        }
    }

    /** The sample a device would send for this reading: the inverse conversion, in the device's unit. */
    Sample write(Reading reading) {
        // SenML payloads say their unit; other formats leave it to the profile.
        String sentUnit = senml && !deviceUnit.isEmpty() ? deviceUnit : null;
        return new Sample(metric, reading.timestamp(), conversion.invert(reading.value()), sentUnit);
    }
}
