package io.ganglion.runtime.soak;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's samples as an SVG of three stacked panels over time (heap after GC, RSS, open descriptors), small enough
 * to commit to docs/ and to read in a browser or on a repository page.
 */
final class SoakPlot {
    private static final int WIDTH = 720;
    private static final int PANEL = 150;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int GAP = 40;

    private SoakPlot() {
    }

    static String svg(List<Sample> samples, Duration length) {
        double minutes = Math.max(1, Math.max(length.toMillis() / 60_000.0,
                samples.stream().mapToDouble(Sample::minutes).max().orElse(1)));
        int height = TOP + 3 * (PANEL + GAP);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">Ganglion soak: gateway "
                + "process over %.0f minutes</text>%n", LEFT, minutes));
        panel(svg, samples, minutes, 0, "heap after full GC (MiB)", Sample::heapAfterGcMiB, "#1f5fbf");
        panel(svg, samples, minutes, 1, "RSS (MiB)", Sample::rssMiB, "#bf5f1f");
        panel(svg, samples, minutes, 2, "open file descriptors", s -> s.descriptors(), "#2f8f3f");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, List<Sample> samples, double minutes, int index, String title,
                              ToDoubleFunction<Sample> value, String colour) {
        int top = TOP + index * (PANEL + GAP) + 10;
        int bottom = top + PANEL;
        int plotWidth = WIDTH - LEFT - RIGHT;
        double max = samples.stream().mapToDouble(value).filter(v -> v >= 0).max().orElse(1);
        double ceiling = niceCeiling(max * 1.1);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, top - 4, title));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#ccc\"/>%n", LEFT, top, plotWidth, PANEL));
        for (int i = 0; i <= 4; i++) {
            double v = ceiling * i / 4;
            double y = bottom - PANEL * (double) i / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, y + 4, v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f",
                            v)));
        }
        for (int m = 0; m <= 6; m++) {
            double x = LEFT + plotWidth * m / 6.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f min</text>%n",
                    x, bottom + 14, minutes * m / 6));
        }
        StringBuilder points = new StringBuilder();
        for (Sample s : samples) {
            double v = value.applyAsDouble(s);
            if (v < 0) {
                continue;
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * s.minutes() / minutes,
                    bottom - PANEL * v / ceiling));
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                + "points=\"%s\"/>%n", colour, points.toString().trim()));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    private static double niceCeiling(double v) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-9))));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= v) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
