package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import java.time.Duration;

/**
 * Commands to devices (YAML: {@code commands}).
 *
 * @param defaultTtl       how long a command waits for an offline device when the request names no {@code ttl}
 * @param maxTtl           the longest {@code ttl} a request may ask for
 * @param maxPendingPerDevice commands one device may have waiting; one more is refused with 429
 * @param maxPendingTotal  commands all devices together may have waiting; one more is refused with 503
 * @param retryInterval    how often waiting commands are tried again and overdue ones expired (besides right away
 *                         when a device subscribes or the broker connection comes back)
 */
public record CommandsConfig(Duration defaultTtl, Duration maxTtl, Integer maxPendingPerDevice,
                             Integer maxPendingTotal, Duration retryInterval) {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
    public static final int DEFAULT_MAX_PENDING_PER_DEVICE = 100;
    public static final int DEFAULT_MAX_PENDING_TOTAL = 10_000;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(10);

    public CommandsConfig {
        maxTtl = inRange("maxTtl", orDefault(maxTtl, DEFAULT_MAX_TTL), Duration.ofSeconds(1), Duration.ofDays(365));
        defaultTtl = inRange("defaultTtl", orDefault(defaultTtl, DEFAULT_TTL), Duration.ofSeconds(1), maxTtl);
        maxPendingPerDevice = inRange("maxPendingPerDevice",
                orDefault(maxPendingPerDevice, DEFAULT_MAX_PENDING_PER_DEVICE), 1, 100_000);
        maxPendingTotal = inRange("maxPendingTotal", orDefault(maxPendingTotal, DEFAULT_MAX_PENDING_TOTAL),
                maxPendingPerDevice, 1_000_000);
        retryInterval = inRange("retryInterval", orDefault(retryInterval, DEFAULT_RETRY_INTERVAL),
                Duration.ofMillis(10), Duration.ofHours(1));
    }

    public static CommandsConfig defaults() {
        return new CommandsConfig(null, null, null, null, null);
    }
}
