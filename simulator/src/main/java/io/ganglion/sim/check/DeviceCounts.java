package io.ganglion.sim.check;

import java.util.Map;

/**
 * The gateway's answer to {@code GET /api/v1/devices/{id}/counts?from=&to=}.
 *
 * @param device   the device
 * @param from     the window's start, UTC epoch ms, inclusive
 * @param to       its end, exclusive
 * @param metrics  per metric: readings stored with a device time in [from, to), how many of them are BAD, and the
 *                 sum of their values
 * @param rejected messages of the device the gateway rejected since it started (all time)
 * @param rejectedByReason the same by reason
 */
public record DeviceCounts(String device, long from, long to, Map<String, MetricCount> metrics, long rejected,
                           Map<String, Long> rejectedByReason) {
    public DeviceCounts {
        metrics = Map.copyOf(metrics);
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** @param readings stored readings; @param bad of them with BAD quality; @param sum of their values */
    public record MetricCount(long readings, long bad, double sum) {
    }

    /** Readings of a metric, 0 when the gateway has none. */
    public long readings(String metric) {
        MetricCount count = metrics.get(metric);
        return count == null ? 0 : count.readings();
    }

    /** The sum of a metric's values, 0 when the gateway has none. */
    public double sum(String metric) {
        MetricCount count = metrics.get(metric);
        return count == null ? 0 : count.sum();
    }
}
