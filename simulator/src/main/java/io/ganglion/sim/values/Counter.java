package io.ganglion.sim.values;

import java.util.SplittableRandom;

/** A total that never goes down: parts made, energy imported. Each message adds between 0 and twice the mean. */
final class Counter implements ValueModel {
    private final double increment;
    private double total;
    private boolean started;

    Counter(double start, double increment) {
        this.total = start;
        this.increment = increment;
    }

    @Override
    public double next(long epochMillis, long elapsedMillis, SplittableRandom random) {
        if (started) {
            total += random.nextDouble() * 2 * increment;
        }
        started = true;
        return total;
    }
}
