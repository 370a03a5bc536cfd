package io.ganglion.runtime.ingest;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.runtime.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a device's clock can be believed. Beyond {@code ingest.maxFutureSkew} ahead or {@code ingest.maxPastAge}
 * behind the gateway clock the whole message is rejected; beyond {@code ingest.clockSkewTolerance} its readings are
 * kept with quality UNCERTAIN, so a drifting device is visible without losing its data.
 */
final class TimestampCheck {
    private TimestampCheck() {
    }

    static List<Reading> apply(List<Reading> readings, long now, IngestConfig config, Counter skewed)
            throws DecodeException {
        long tolerance = config.clockSkewTolerance().toMillis();
        List<Reading> checked = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            long skew = reading.timestamp() - now;
            if (skew > config.maxFutureSkew().toMillis() || -skew > config.maxPastAge().toMillis()) {
                throw new DecodeException(RejectReason.TIMESTAMP_OUT_OF_RANGE, "timestamp "
                        + reading.timestamp() + " (" + describe(reading.timestamp()) + ") is "
                        + (skew > 0 ? "more than ingest.maxFutureSkew=" + config.maxFutureSkew() + " ahead of"
                                    : "more than ingest.maxPastAge=" + config.maxPastAge() + " behind")
                        + " the gateway clock");
            }
            if (Math.abs(skew) > tolerance && reading.quality() == Quality.GOOD) {
                if (checked == null) {
                    checked = new ArrayList<>(readings);
                }
                checked.set(i, reading.withQuality(Quality.UNCERTAIN));
                skewed.increment();
            }
        }
        return checked == null ? readings : checked;
    }

    private static String describe(long epochMillis) {
        try {
            return Instant.ofEpochMilli(epochMillis).toString();
        } catch (java.time.DateTimeException e) {
            return "not a representable date";
        }
    }
}
