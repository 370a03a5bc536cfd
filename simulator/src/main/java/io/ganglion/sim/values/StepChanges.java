package io.ganglion.sim.values;

import java.util.SplittableRandom;

/** Values that hold from given times into the run: a set point changed by an operator, a valve opened. */
final class StepChanges implements ValueModel {
    private final long[] at;
    private final double[] values;

    /** @param at ascending times into the run; before the first, the first value holds */
    StepChanges(long[] at, double[] values) {
        this.at = at.clone();
        this.values = values.clone();
    }

    @Override
    public double next(long epochMillis, long elapsedMillis, SplittableRandom random) {
        int index = 0;
        while (index + 1 < at.length && at[index + 1] <= elapsedMillis) {
            index++;
        }
        return values[index];
    }
}
