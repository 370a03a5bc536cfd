package io.ganglion.runtime.store;

/**
 * How many readings of one device's metric are stored in a time window, all its units together.
 *
 * @param readings readings whose device time is in the window
 * @param bad      how many of them have quality BAD (outside the valid range their profile gives)
 */
public record MetricCounts(String metric, long readings, long bad) {
}
