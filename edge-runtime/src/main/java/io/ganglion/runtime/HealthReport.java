package io.ganglion.runtime;

import io.ganglion.drivers.Driver;
import io.ganglion.drivers.mqtt.BrokerSubscriberDriver;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoreStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * {@code GET /api/v1/health}: UP when everything works; DEGRADED when the gateway runs but something needs a person
 * (broker unreachable, a quarantined database, the store over its quota or its queue nearly full); DOWN (HTTP 503)
 * when it cannot store. The {@code problems} list says what, in words.
 */
final class HealthReport {
    private static final double QUEUE_WARNING_FILL = 0.8;

    private final GatewayConfig config;
    private final LocalStore store;
    private final Driver driver;
    private final Clock clock;
    private final long startedAt;

    HealthReport(GatewayConfig config, LocalStore store, Driver driver, Clock clock) {
        this.config = config;
        this.store = store;
        this.driver = driver;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    JsonObject toJson() {
        StoreStats stats = store.stats();
        JsonArray problems = new JsonArray();
        boolean down = false;
        JsonObject mqtt = new JsonObject().put("driver", driver.name());
        if (driver instanceof BrokerSubscriberDriver broker) {
            mqtt.put("mode", "broker").put("connected", broker.connected())
                    .put("reconnects", broker.reconnectCount());
            if (!broker.connected()) {
                problems.add("not connected to the MQTT broker " + config.mqtt().broker().url());
            }
        } else {
            mqtt.put("mode", "endpoint");
        }
        stats.quarantinedFile().ifPresent(path -> problems.add(
                "the database was damaged at start and moved aside to " + path + "; a fresh one is in use"));
        if (stats.queueDepth() >= QUEUE_WARNING_FILL * stats.queueCapacity()) {
            problems.add("the store queue is " + stats.queueDepth() + "/" + stats.queueCapacity()
                    + " full: devices are being slowed down");
        }
        if (stats.lastCommitFailed()) {
            problems.add("the last commit to the store failed; see the log");
            down = true;
        }
        String status = down ? "DOWN" : problems.isEmpty() ? "UP" : "DEGRADED";
        return new JsonObject()
                .put("status", status)
                .put("gatewayId", config.gatewayId())
                .put("uptimeMs", clock.millis() - startedAt)
                .put("problems", problems)
                .put("mqtt", mqtt)
                .put("store", new JsonObject()
                        .put("usedBytes", stats.usedBytes())
                        .put("quotaBytes", stats.quotaBytes())
                        .put("queueDepth", stats.queueDepth())
                        .put("queueCapacity", stats.queueCapacity())
                        .put("evicted", stats.evictedTotal()));
    }
}
