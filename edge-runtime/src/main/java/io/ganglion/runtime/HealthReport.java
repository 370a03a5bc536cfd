package io.ganglion.runtime;

import io.ganglion.drivers.Driver;
import io.ganglion.drivers.mqtt.BrokerSubscriberDriver;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoreStats;
import io.ganglion.runtime.vision.CameraPipeline;
import io.ganglion.runtime.vision.CameraState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * {@code GET /api/v1/health}: UP when everything works; DEGRADED when the gateway runs but something needs a person
 * (broker unreachable, a quarantined database, the store over its quota or its queue nearly full); DOWN (HTTP 503)
 * when it cannot store. The {@code problems} list says what, in words. A camera whose source keeps failing and that
 * has sent nothing for a minute is such a problem; the {@code vision} totals say how the cameras fare.
 */
final class HealthReport {
    private static final double QUEUE_WARNING_FILL = 0.8;

    /** A camera whose source reports problems and that sent nothing for this long needs a person. */
    static final long CAMERA_SILENCE_MS = 60_000;

    private final GatewayConfig config;
    private final LocalStore store;
    private final Driver driver;
    private final CameraPipeline vision;
    private final Clock clock;
    private final long startedAt;

    HealthReport(GatewayConfig config, LocalStore store, Driver driver, CameraPipeline vision, Clock clock) {
        this.config = config;
        this.store = store;
        this.driver = driver;
        this.vision = vision;
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
        JsonObject cameras = cameras(problems);
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
                        .put("evicted", stats.evictedTotal()))
                .put("vision", cameras);
    }

    /** A camera whose source has reported problems and that has sent nothing for a minute (or since start). */
    static boolean needsAttention(long sourceProblems, long lastReceivedAt, long startedAt, long now) {
        return sourceProblems > 0 && now - Math.max(lastReceivedAt, startedAt) > CAMERA_SILENCE_MS;
    }

    /** Totals over the cameras; a camera whose source keeps failing and that has gone quiet is a problem. */
    private JsonObject cameras(JsonArray problems) {
        long received = 0;
        long analysed = 0;
        long dropped = 0;
        long rejected = 0;
        long now = clock.millis();
        for (CameraState camera : vision.cameras()) {
            CameraState.Counts counts = camera.counts();
            received += counts.received();
            analysed += counts.analysed();
            dropped += counts.dropped();
            rejected += counts.rejected();
            if (needsAttention(counts.sourceProblems(), camera.lastReceivedAt(), startedAt, now)) {
                problems.add("camera '" + camera.camera().id() + "' has sent no frame for over "
                        + CAMERA_SILENCE_MS / 1000 + " s and its source reports problems (see the log)");
            }
        }
        return new JsonObject().put("cameras", vision.cameras().size()).put("framesReceived", received)
                .put("framesAnalysed", analysed).put("framesDropped", dropped).put("framesRejected", rejected);
    }
}
