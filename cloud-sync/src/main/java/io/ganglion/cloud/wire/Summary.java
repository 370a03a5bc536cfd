package io.ganglion.cloud.wire;

/**
 * One device metric over one window, closed on event time.
 *
 * @param windowStart inclusive, UTC epoch ms
 * @param windowEnd   exclusive, UTC epoch ms
 * @param count       readings in the window (at least 1)
 * @param firstTime   the first reading's time; {@code first} its value
 * @param lastTime    the last reading's time; {@code last} its value
 */
public record Summary(String device, String metric, String unit, long windowStart, long windowEnd, long count,
                      double min, double max, double sum, double first, long firstTime, double last,
                      long lastTime) implements Payload {
    public Summary {
        WireChecks.text("device", device);
        WireChecks.text("metric", metric);
        unit = unit == null ? "" : unit;
        WireChecks.window(windowStart, windowEnd);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        WireChecks.finite("min", min);
        WireChecks.finite("max", max);
        WireChecks.finite("sum", sum);
        WireChecks.finite("first", first);
        WireChecks.finite("last", last);
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
    }

    public double mean() {
        return sum / count;
    }

    @Override
    public RecordKind kind() {
        return RecordKind.SUMMARY;
    }

    @Override
    public long time() {
        return windowEnd;
    }
}
