package io.ganglion.cloud.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How readings are summarised.
 *
 * @param window                 window length, aligned to the epoch (a 60 s window starts on a whole minute)
 * @param lateness               how long after a window's end readings for it are still awaited
 * @param maxOpenWindowsPerSeries the most windows (or late corrections) open at once for one device and metric;
 *                               one more closes the oldest early
 * @param maxSeries              the most device/metric pairs tracked; readings of one more are refused and counted
 */
public record WindowSettings(Duration window, Duration lateness, int maxOpenWindowsPerSeries, int maxSeries) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LATENESS = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_OPEN_WINDOWS = 4;
    public static final int DEFAULT_MAX_SERIES = 100_000;

    public WindowSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lateness, "lateness");
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException("window must be at least 1 s, not " + window);
        }
        if (lateness.isNegative() || lateness.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lateness must be between 0 and 1 h, not " + lateness);
        }
        if (maxOpenWindowsPerSeries < 1 || maxSeries < 1) {
            throw new IllegalArgumentException("maxOpenWindowsPerSeries and maxSeries must be at least 1");
        }
    }

    public static WindowSettings defaults() {
        return new WindowSettings(DEFAULT_WINDOW, DEFAULT_LATENESS, DEFAULT_MAX_OPEN_WINDOWS, DEFAULT_MAX_SERIES);
    }
}
