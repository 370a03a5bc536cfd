package io.ganglion.profiles.model;

/**
 * A linear change of unit, {@code to = from * scale + offset}; every conversion in {@link Units} is one, including
 * temperatures ({@code [degF]} to {@code Cel} has an offset). Precomputed once per metric, applied per reading.
 *
 * @param scale  the factor, never zero
 * @param offset what is added after scaling
 */
public record UnitConversion(double scale, double offset) {
    /** Leaves values as they are. */
    public static final UnitConversion IDENTITY = new UnitConversion(1, 0);

    public UnitConversion {
        if (scale == 0 || !Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("a unit conversion needs a finite non-zero scale and a finite offset");
        }
    }

    /** A value in the source unit, in the target unit. */
    public double apply(double value) {
        return value * scale + offset;
    }

    /** A value in the target unit, back in the source unit (what a device would send). */
    public double invert(double value) {
        return (value - offset) / scale;
    }

    public boolean isIdentity() {
        return scale == 1 && offset == 0;
    }

    /** This conversion followed by {@code next}. */
    UnitConversion then(UnitConversion next) {
        return new UnitConversion(scale * next.scale, offset * next.scale + next.offset);
    }
}
