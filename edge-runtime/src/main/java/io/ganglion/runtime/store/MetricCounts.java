package io.ganglion.runtime.store;

/**
 * How many readings of one device's metric are stored in a time window, all its units together.
 *
 * @param readings readings whose device time is in the window
 * @param bad      how many of them have quality BAD (outside the valid range their profile gives)
 * @param sum      the sum of their values (a bool as 0 or 1): what a counter of things such as a loop detector's
 *                 vehicles adds up to, whatever windows the gateway counted them in
 */
public record MetricCounts(String metric, long readings, long bad, double sum) {
}
