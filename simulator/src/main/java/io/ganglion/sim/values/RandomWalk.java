package io.ganglion.sim.values;

import java.util.SplittableRandom;

/** Each value moves up to {@code step} from the last, in either direction; the walls at min and max reflect it. */
final class RandomWalk implements ValueModel {
    private final double step;
    private final double min;
    private final double max;
    private double current;

    RandomWalk(double start, double step, double min, double max) {
        this.step = step;
        this.min = min;
        this.max = max;
        this.current = Math.max(min, Math.min(max, start));
    }

    @Override
    public double next(long epochMillis, long elapsedMillis, SplittableRandom random) {
        double moved = current + (random.nextDouble() * 2 - 1) * step;
        // Reflect rather than clamp, so that a walk near a wall does not stick to it.
        if (moved > max) {
            moved = Math.max(min, 2 * max - moved);
        } else if (moved < min) {
            moved = Math.min(max, 2 * min - moved);
        }
        current = moved;
        return current;
    }
}
