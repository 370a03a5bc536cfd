package io.ganglion.sim.values;

import java.util.SplittableRandom;

/** A sine over the UTC day with its maximum at the peak time of day, plus uniform noise: traffic, temperature. */
final class DailyCycle implements ValueModel {
    private static final long DAY = 86_400_000L;

    private final double mean;
    private final double amplitude;
    private final long peakMillisOfDay;
    private final double noise;

    DailyCycle(double mean, double amplitude, long peakMillisOfDay, double noise) {
        this.mean = mean;
        this.amplitude = amplitude;
        this.peakMillisOfDay = peakMillisOfDay;
        this.noise = noise;
    }

    @Override
    public double next(long epochMillis, long elapsedMillis, SplittableRandom random) {
        long sincePeak = Math.floorMod(epochMillis - peakMillisOfDay, DAY);
        double value = mean + amplitude * Math.cos(2 * Math.PI * sincePeak / DAY);
        return noise == 0 ? value : value + (random.nextDouble() * 2 - 1) * noise;
    }
}
