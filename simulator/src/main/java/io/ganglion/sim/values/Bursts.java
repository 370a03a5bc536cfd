package io.ganglion.sim.values;

import java.util.SplittableRandom;

/**
 * A base level, and every {@code every} (from the start of the run) a burst at another level for {@code length}: a
 * queue at a red light, a machine's start-up vibration.
 */
final class Bursts implements ValueModel {
    private final double base;
    private final double level;
    private final long every;
    private final long length;
    private final double noise;

    Bursts(double base, double level, long every, long length, double noise) {
        this.base = base;
        this.level = level;
        this.every = every;
        this.length = length;
        this.noise = noise;
    }

    @Override
    public double next(long epochMillis, long elapsedMillis, SplittableRandom random) {
        double value = Math.floorMod(elapsedMillis, every) < length ? level : base;
        return noise == 0 ? value : value + (random.nextDouble() * 2 - 1) * noise;
    }
}
