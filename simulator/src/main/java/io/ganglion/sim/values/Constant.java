package io.ganglion.sim.values;

import java.util.SplittableRandom;

/** Always the same value: a set point, a switch that stays on. */
final class Constant implements ValueModel {
    private final double value;

    Constant(double value) {
        this.value = value;
    }

    @Override
    public double next(long epochMillis, long elapsedMillis, SplittableRandom random) {
        return value;
    }
}
