package io.ganglion.sim.values;

import io.ganglion.profiles.model.MetricSpec;
import io.ganglion.profiles.model.MetricType;
import io.ganglion.profiles.model.ValueRange;
import java.util.SplittableRandom;

/**
 * The values one device reports for one metric: its model's output fitted to the metric, so that every value is one
 * the gateway stores with GOOD quality (within the range, whole for int metrics and counters of things, 0 or 1 for
 * bool), unless
 * the {@code outOfRange} fault asks for one that is not ({@link #outOfRange}). Not thread-safe: one device's.
 */
public final class MetricValues {
    private final String metric;
    private final MetricSpec spec;
    private final MetricType type;
    private final ValueRange range;
    private final boolean whole;
    private final ValueModel model;
    private final SplittableRandom random;

    /** @param random this device's and metric's own stream; see {@link io.ganglion.sim.plan.Seeds} */
    public MetricValues(String metric, MetricSpec spec, ValueModel model, SplittableRandom random) {
        this.metric = metric;
        this.spec = spec;
        this.type = spec.type();
        this.range = spec.validRange();
        // Counts of things ({parts}, {switches}) are whole; a counter of energy is not.
        this.whole = type == MetricType.INT || (type == MetricType.COUNTER
                && (spec.unit().isEmpty() || spec.unit().startsWith("{")));
        this.model = model;
        this.random = random;
    }

    public String metric() {
        return metric;
    }

    /** The metric these values are for. */
    public MetricSpec spec() {
        return spec;
    }

    /** The next value, valid for the metric. */
    public double next(long epochMillis, long elapsedMillis) {
        double value = model.next(epochMillis, elapsedMillis, random);
        if (range != null) {
            value = Math.max(range.min(), Math.min(range.max(), value));
        }
        if (type == MetricType.BOOL) {
            return value >= 0.5 ? 1 : 0;
        }
        if (!whole) {
            return value;
        }
        double rounded = Math.rint(value);
        // Rounding must not step out of a range whose ends are not whole.
        return range == null || range.contains(rounded) ? rounded
                : rounded > range.max() ? Math.floor(value) : Math.ceil(value);
    }

    /**
     * A value outside the metric's valid range, the kind a broken sensor sends: above it when {@code above}, else
     * below. {@code NaN} when the metric has no range (any finite value is good).
     */
    public double outOfRange(boolean above) {
        if (type == MetricType.BOOL) {
            return above ? 2 : -1;
        }
        if (range == null) {
            return Double.NaN;
        }
        double margin = Math.max(1, Math.ceil((range.max() - range.min()) / 10));
        return above ? Math.ceil(range.max()) + margin : Math.floor(range.min()) - margin;
    }

    /** Whether the metric has values that are out of its range at all. */
    public boolean canBeOutOfRange() {
        return type == MetricType.BOOL || range != null;
    }
}
