package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.inRange;

import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;

/** The checks of {@code interval}, {@code rate} and {@code jitter}, which device and camera groups share. */
final class Rates {
    static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    static final Duration MAX_INTERVAL = Duration.ofDays(1);

    private Rates() {
    }

    static void check(Duration interval, Double rate) {
        if (interval != null && rate != null) {
            throw new InvalidSettingException("rate", "either interval or rate, not both", rate);
        }
        if (interval != null) {
            inRange("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        }
        if (rate != null && !(rate >= 1.0 / 86_400 && rate <= 1000)) {
            throw new InvalidSettingException("rate", "messages per second per device, from 0.0000116 (one a day)"
                    + " to 1000", rate);
        }
    }

    static double jitter(Double jitter) {
        double value = jitter == null ? DeviceGroup.DEFAULT_JITTER : jitter;
        if (!(value >= 0 && value <= 0.5)) {
            throw new InvalidSettingException("jitter", "a share of the interval from 0 to 0.5", value);
        }
        return value;
    }

    /** The interval asked for, or {@code null} to take it from the profile. */
    static Duration interval(Duration interval, Double rate) {
        if (rate != null) {
            return Duration.ofNanos(Math.max(1_000_000L, Math.round(1e9 / rate)));
        }
        return interval;
    }
}
