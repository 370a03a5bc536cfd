package io.ganglion.sim.values;

import io.ganglion.profiles.model.MetricSpec;
import io.ganglion.profiles.model.MetricType;
import io.ganglion.profiles.model.ValueRange;

/**
 * Makes a fresh {@link ValueModel} for one device's metric, from the scenario's spec or, when the scenario names none
 * for the metric, from the metric itself: a counter counts up by one, a bool stays off, anything else walks around
 * the middle of its range.
 */
public final class ValueModels {
    /** The range a metric without one is simulated in: wide enough to look alive, small enough to read. */
    private static final ValueRange UNBOUNDED_DEFAULT = new ValueRange(0, 100);

    private ValueModels() {
    }

    /** @param spec the scenario's model for the metric, or {@code null} for the default */
    public static ValueModel create(ValueSpec spec, MetricSpec metric) {
        if (spec == null) {
            return byDefault(metric);
        }
        if (spec.constant() != null) {
            return new Constant(spec.constant());
        }
        if (spec.randomWalk() != null) {
            return randomWalk(spec.randomWalk(), metric);
        }
        if (spec.dailyCycle() != null) {
            ValueSpec.DailyCycle cycle = spec.dailyCycle();
            return new DailyCycle(cycle.mean(), cycle.amplitude(), cycle.peakTime().toSecondOfDay() * 1000L,
                    cycle.noise());
        }
        if (spec.bursts() != null) {
            ValueSpec.Bursts bursts = spec.bursts();
            return new Bursts(bursts.base(), bursts.level(), bursts.every().toMillis(), bursts.length().toMillis(),
                    bursts.noise());
        }
        if (spec.steps() != null) {
            long[] at = spec.steps().stream().mapToLong(step -> step.at().toMillis()).toArray();
            double[] values = spec.steps().stream().mapToDouble(ValueSpec.Step::value).toArray();
            return new StepChanges(at, values);
        }
        return new Counter(spec.counter().start(), spec.counter().increment());
    }

    private static ValueModel byDefault(MetricSpec metric) {
        if (metric.type() == MetricType.COUNTER) {
            return new Counter(0, 1);
        }
        if (metric.type() == MetricType.BOOL) {
            return new Constant(0);
        }
        ValueRange range = rangeOf(metric);
        double span = range.max() - range.min();
        return new RandomWalk(range.min() + span / 2, Math.max(span / 100, 1e-9), range.min(), range.max());
    }

    private static ValueModel randomWalk(ValueSpec.RandomWalk walk, MetricSpec metric) {
        ValueRange range = rangeOf(metric);
        double min = walk.min() != null ? walk.min() : range.min();
        double max = walk.max() != null ? walk.max() : range.max();
        if (min > max) { // one bound from the scenario, the other from the profile
            double swap = min;
            min = max;
            max = swap;
        }
        double start = walk.start() != null ? walk.start() : min + (max - min) / 2;
        double step = walk.step() != null ? walk.step() : Math.max((max - min) / 100, 1e-9);
        return new RandomWalk(start, step, min, max);
    }

    private static ValueRange rangeOf(MetricSpec metric) {
        ValueRange range = metric.validRange();
        return range != null ? range : UNBOUNDED_DEFAULT;
    }
}
