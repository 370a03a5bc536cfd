package io.ganglion.runtime.soak;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether the soak's samples are flat: after the warm-up, the median of the last quarter against the median of the
 * first quarter, for the heap after GC, RSS and descriptors. Medians, because one sample can land in a burst (a
 * disconnect storm reconnecting 30 devices, a frame being analysed).
 */
record SoakFigures(int samples, double heapFirstMiB, double heapLastMiB, double rssFirstMiB, double rssLastMiB,
                   double rssMaxMiB, double descriptorsFirst, double descriptorsLast, int descriptorsMax) {

    static SoakFigures of(List<Sample> all, Duration warmUp) {
        double from = warmUp.toMillis() / 60_000.0;
        List<Sample> after = all.stream().filter(s -> s.minutes() >= from).toList();
        if (after.size() < 8) {
            after = all; // a short run (a trial of the harness): judge all of it
        }
        int quarter = Math.max(1, after.size() / 4);
        List<Sample> first = after.subList(0, quarter);
        List<Sample> last = after.subList(after.size() - quarter, after.size());
        return new SoakFigures(all.size(), median(first, Sample::heapAfterGcMiB), median(last, Sample::heapAfterGcMiB),
                median(first, Sample::rssMiB), median(last, Sample::rssMiB),
                all.stream().mapToDouble(Sample::rssMiB).max().orElse(0),
                median(first, Sample::descriptors), median(last, Sample::descriptors),
                all.stream().mapToInt(Sample::descriptors).max().orElse(0));
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double heapGrowthMiB() {
        return heapLastMiB - heapFirstMiB;
    }

    double descriptorGrowth() {
        return descriptorsLast - descriptorsFirst;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d samples; heap after GC %.1f -> %.1f MiB (median of the first and last "
                        + "quarter after warm-up); RSS %.1f -> %.1f MiB (max %.1f); descriptors %.0f -> %.0f (max %d)",
                samples, heapFirstMiB, heapLastMiB, rssFirstMiB, rssLastMiB, rssMaxMiB, descriptorsFirst,
                descriptorsLast, descriptorsMax);
    }
}
