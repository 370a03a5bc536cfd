package io.ganglion.runtime.api;

import io.ganglion.runtime.dashboard.Dashboard;
import io.ganglion.runtime.security.InsecureSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/overview}: the dashboard's first page in one answer: the health report, ingest rates, devices
 * by state, the sync's backlog and lag, memory, the live streams, and {@code attention}: what needs a person, each
 * with the reason in words (the page marks those red), including each of {@code insecure}, the settings that leave
 * the gateway open to the network. Blocking (device list, sync status): call it on a worker.
 */
final class OverviewQueries {
    /** The store counts as nearly full from here (above its quota the oldest readings are evicted). */
    static final double STORE_FILL_WARNING = 0.9;
    /** A sync record unsent for longer than this means the cloud is not getting the data. */
    static final long SYNC_LAG_WARNING_MS = 60_000;
    static final double HEAP_WARNING = 0.9;

    private final Supplier<JsonObject> health;
    private final DeviceQueries devices;
    private final SyncRequests sync;
    private final Dashboard dashboard;
    private final InsecureSettings insecure;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    OverviewQueries(Supplier<JsonObject> health, DeviceQueries devices, SyncRequests sync, Dashboard dashboard,
                    InsecureSettings insecure) {
        this.insecure = insecure;
        this.health = health;
        this.devices = devices;
        this.sync = sync;
        this.dashboard = dashboard;
    }

    JsonObject overview() throws Exception {
        JsonObject report = health.get();
        JsonArray attention = new JsonArray();
        if (!"UP".equals(report.getString("status"))) {
            attention.add(concern("health", "the gateway is " + report.getString("status") + ": "
                    + String.join("; ", report.getJsonArray("problems").stream().map(String::valueOf).toList())));
        }
        // Settings stay insecure until changed and restarted: each stays red on the overview all that time.
        for (InsecureSettings.Item item : insecure.items()) {
            attention.add(concern(item.what(), "insecure: " + item.why() + "; " + item.fix()));
        }
        JsonObject store = report.getJsonObject("store").copy();
        long quota = store.getLong("quotaBytes");
        double fill = quota > 0 ? (double) store.getLong("usedBytes") / quota : 0;
        store.put("fill", Math.round(fill * 1000) / 1000.0);
        if (fill >= STORE_FILL_WARNING) {
            attention.add(concern("store", "the store is at " + Math.round(fill * 100) + " % of its quota;"
                    + " above it the oldest readings are evicted"));
        }
        JsonObject ingest = dashboard.rates().toJson();
        if (ingest.getDouble("rejectedPerSecond", 0.0) > 0) {
            attention.add(concern("rejected", "devices send messages the gateway rejects ("
                    + ingest.getDouble("rejectedPerSecond") + " a second); see Devices and /api/v1/rejected"));
        }
        JsonObject syncJson = syncSummary(attention);
        JsonObject vision = report.getJsonObject("vision");
        if (ingest.getDouble("framesDroppedPerSecond", 0.0) > 0) {
            attention.add(concern("cameras", "camera frames are being dropped ("
                    + ingest.getDouble("framesDroppedPerSecond") + " a second): the vision workers do not keep up"
                    + " with the cameras"));
        }
        long heapUsed = memory.getHeapMemoryUsage().getUsed();
        long heapMax = memory.getHeapMemoryUsage().getMax();
        if (heapMax > 0 && heapUsed >= HEAP_WARNING * heapMax) {
            attention.add(concern("memory", "the Java heap is " + Math.round(100.0 * heapUsed / heapMax) + " % full"));
        }
        return new JsonObject()
                .put("gatewayId", report.getString("gatewayId"))
                .put("status", report.getString("status"))
                .put("problems", report.getJsonArray("problems"))
                .put("uptimeMs", report.getLong("uptimeMs"))
                .put("store", store)
                .put("ingest", ingest)
                .put("devices", deviceStates())
                .put("sync", syncJson)
                .put("vision", vision)
                .put("memory", new JsonObject().put("heapUsedBytes", heapUsed).put("heapMaxBytes", heapMax)
                        .put("nonHeapUsedBytes", memory.getNonHeapMemoryUsage().getUsed()))
                .put("live", new JsonObject().put("clients", dashboard.live().clients())
                        .put("maxClients", dashboard.live().maxClients()).put("lost", dashboard.live().lost()))
                .put("insecure", insecure.toJson())
                .put("attention", attention);
    }

    private JsonObject syncSummary(JsonArray attention) throws Exception {
        JsonObject status = sync.status();
        if (!status.getBoolean("enabled", false)) {
            return new JsonObject().put("enabled", false);
        }
        long sacrificed = status.getJsonObject("sacrificed").stream()
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        long lag = status.getLong("oldestUnsentAgeMs", 0L);
        String state = status.getString("state");
        if (!"ok".equals(state)) {
            attention.add(concern("sync", "the cloud sync is " + state + ": " + status.getString("lastError")));
        } else if (lag > SYNC_LAG_WARNING_MS) {
            attention.add(concern("sync", "the oldest unsent sync record has waited " + lag / 1000 + " s"));
        }
        return new JsonObject().put("enabled", true).put("state", state)
                .put("backlogRecords", status.getLong("backlogRecords"))
                .put("oldestUnsentAgeMs", lag)
                .put("batchesSent", status.getLong("batchesSent"))
                .put("lastError", status.getString("lastError"))
                .put("sacrificed", sacrificed);
    }

    private JsonObject deviceStates() {
        JsonArray list = devices.list();
        int seen = 0;
        int online = 0;
        int offline = 0;
        int unresolved = 0;
        for (Object o : list) {
            JsonObject device = (JsonObject) o;
            if (device.getValue("lastSeen") != null) {
                seen++;
            }
            if ("online".equals(device.getString("state"))) {
                online++;
            } else if ("offline".equals(device.getString("state"))) {
                offline++;
            }
            if (device.containsKey("profileProblem")) {
                unresolved++;
            }
        }
        return new JsonObject().put("total", list.size()).put("seen", seen).put("online", online)
                .put("offline", offline).put("profileProblems", unresolved);
    }

    private static JsonObject concern(String what, String why) {
        return new JsonObject().put("what", what).put("why", why);
    }
}
