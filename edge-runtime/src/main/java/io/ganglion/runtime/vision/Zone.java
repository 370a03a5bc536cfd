package io.ganglion.runtime.vision;

import java.util.List;
import java.util.Objects;

/**
 * A named region of a camera's frame: a polygon whose points are fractions of the frame's width and height, from
 * its top left. A detection is in the zone when the bottom-centre point of its box is: where a vehicle or a person
 * touches the ground, which is what a stop line or a crosswalk is about (the box's centre floats above it).
 */
public record Zone(String name, double[] xs, double[] ys) {
    public Zone {
        Objects.requireNonNull(name, "name");
        if (xs.length != ys.length || xs.length < 3) {
            throw new IllegalArgumentException("zone " + name + " needs at least 3 points");
        }
        xs = xs.clone();
        ys = ys.clone();
    }

    /** From configuration: a list of [x, y] points. */
    public static Zone of(String name, List<List<Double>> points) {
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            xs[i] = points.get(i).get(0);
            ys[i] = points.get(i).get(1);
        }
        return new Zone(name, xs, ys);
    }

    /** Whether the box's bottom-centre point, in pixels of a frame of this size, is inside the polygon. */
    public boolean containsFootOf(float x1, float x2, float y2, int frameWidth, int frameHeight) {
        return contains(((x1 + x2) / 2.0) / frameWidth, y2 / (double) frameHeight);
    }

    /** Even-odd rule (ray casting); a point exactly on an edge may fall either way. */
    public boolean contains(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y)
                    && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }
}
