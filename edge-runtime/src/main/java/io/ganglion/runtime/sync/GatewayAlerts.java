package io.ganglion.runtime.sync;

import io.ganglion.cloud.wire.Alert;
import io.ganglion.profiles.Reading;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The alerts the gateway raises by itself, for the cloud (they jump the outbox's queue; docs/sync.md, "Alerts"):
 * <ul>
 *   <li>{@code reading_out_of_range} (warning): a device sent a value outside the valid range its profile gives
 *       (quality BAD) — at most one per device, metric and summary window, so that a broken sensor does not flood
 *       the uplink;</li>
 *   <li>{@code store_evicting} (critical, device: the gateway's id): the store reached its quota and deletes the
 *       oldest raw readings — at most one a minute, with the number evicted since the last one.</li>
 * </ul>
 * Used only on the sync feed's thread.
 */
final class GatewayAlerts {
    static final Duration EVICTION_ALERT_INTERVAL = Duration.ofMinutes(1);
    /** Series remembered for the once-per-window rule; beyond it the memory starts over (an extra alert at worst). */
    private static final int MAX_SERIES = 10_000;

    private final String gatewayId;
    private final long windowMs;
    private final LongSupplier evictedTotal;
    private final Map<String, Long> alertedWindow = new HashMap<>();
    private long evictedAtLastAlert;
    private long lastEvictionAlertMs = Long.MIN_VALUE;

    /**
     * @param evictedTotal readings the store evicted since it opened (its quota guard's counter)
     */
    GatewayAlerts(String gatewayId, Duration window, LongSupplier evictedTotal) {
        this.gatewayId = gatewayId;
        this.windowMs = window.toMillis();
        this.evictedTotal = evictedTotal;
    }

    /** For a reading of quality BAD: an alert unless one went for its series in its window already. */
    Optional<Alert> outOfRange(Reading reading) {
        long window = Math.floorDiv(reading.timestamp(), windowMs) * windowMs;
        String key = reading.deviceId() + '\u0000' + reading.metric();
        Long alerted = alertedWindow.get(key);
        if (alerted != null && alerted == window) {
            return Optional.empty();
        }
        if (alertedWindow.size() >= MAX_SERIES && alerted == null) {
            alertedWindow.clear();
        }
        alertedWindow.put(key, window);
        return Optional.of(new Alert(reading.deviceId(), "warning", "reading_out_of_range", reading.metric() + " = "
                + reading.value() + (reading.unit().isEmpty() ? "" : " " + reading.unit())
                + " is outside the valid range of its profile; kept in the gateway's store, left out of the summary",
                reading.timestamp()));
    }

    /** Once a tick: an alert when the store evicted readings since the last one, at most one a minute. */
    Optional<Alert> storeEvicting(long nowMs) {
        long evicted = evictedTotal.getAsLong();
        if (evicted <= evictedAtLastAlert
                || (lastEvictionAlertMs != Long.MIN_VALUE
                && nowMs - lastEvictionAlertMs < EVICTION_ALERT_INTERVAL.toMillis())) {
            return Optional.empty();
        }
        long since = evicted - evictedAtLastAlert;
        evictedAtLastAlert = evicted;
        lastEvictionAlertMs = nowMs;
        return Optional.of(new Alert(gatewayId, "critical", "store_evicting", "the store reached its quota and evicted"
                + " the " + since + " oldest raw readings; raise store.quotaBytes or free the disk", nowMs));
    }
}
