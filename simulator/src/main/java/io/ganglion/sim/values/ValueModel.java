package io.ganglion.sim.values;

import java.util.SplittableRandom;

/**
 * The raw values of one metric of one device, one per message, before they are fitted to the metric's type and
 * range ({@link MetricValues}). Instances may keep state (a random walk remembers where it is), so each device's
 * metric has its own; they draw randomness only from the {@code random} they are given, so that a device's values
 * depend on the scenario's seed, the device and time only.
 */
public interface ValueModel {

    /**
     * @param epochMillis  the time of the message (time of day matters to daily cycles)
     * @param elapsedMillis the time since the run started (step changes and bursts count from there)
     * @param random       this device's and metric's own random stream
     */
    double next(long epochMillis, long elapsedMillis, SplittableRandom random);
}
