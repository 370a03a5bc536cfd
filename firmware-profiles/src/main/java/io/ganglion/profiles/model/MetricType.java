package io.ganglion.profiles.model;

/** What kind of value a metric is; it decides how the gateway checks and summarises it. */
public enum MetricType {
    /** A measurement that may have a fraction (temperature). */
    FLOAT,
    /** A whole-number measurement (vehicles in a window, a signal strength in dB). */
    INT,
    /** On or off, stored as 1 or 0; any other value is a reading of {@link io.ganglion.profiles.Quality#BAD} quality. */
    BOOL,
    /** A total that only grows until the device restarts or it wraps (energy in Wh, good parts made). */
    COUNTER
}
