package io.ganglion.runtime.api;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.ingest.DeviceRegistry;
import io.ganglion.runtime.ingest.RejectionCounts;
import io.ganglion.runtime.profiles.DeviceProfiles;
import io.ganglion.runtime.store.DeviceRecord;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.MetricCounts;
import io.ganglion.runtime.store.RejectedRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The device, reading and rejected-message resources as JSON. Blocking (it queries SQLite): call it on a worker
 * thread. A device is listed when it is declared in configuration or has ever sent something.
 */
public final class DeviceQueries {
    private final LocalStore store;
    private final DeviceRegistry registry;
    private final DeviceProfiles profiles;
    private final RejectionCounts rejections;

    /** @param rejections what the ingest pipeline rejected since start, per device */
    public DeviceQueries(LocalStore store, DeviceRegistry registry, DeviceProfiles profiles,
                         RejectionCounts rejections) {
        this.rejections = rejections;
        this.store = store;
        this.registry = registry;
        this.profiles = profiles;
    }

    JsonArray list() {
        Map<String, JsonObject> byId = new TreeMap<>();
        for (DeviceRegistry.KnownDevice known : registry.all()) {
            byId.put(known.id(), describe(known.id(), Optional.of(known), Optional.empty()));
        }
        for (DeviceRecord seen : store.devices()) {
            byId.put(seen.id(), describe(seen.id(), registry.find(seen.id()), Optional.of(seen)));
        }
        return new JsonArray(new java.util.ArrayList<>(byId.values()));
    }

    JsonObject one(String id) {
        Optional<DeviceRegistry.KnownDevice> known = registry.find(id);
        Optional<DeviceRecord> seen = store.device(id);
        if (known.isEmpty() && seen.isEmpty()) {
            throw ApiException.notFound("no device '" + id + "'");
        }
        return describe(id, known, seen);
    }

    JsonObject readings(String deviceId, QueryParams params) {
        one(deviceId); // 404 for a device nobody knows, rather than an empty list that looks like silence
        String metric = params.string("metric").orElse(null);
        long from = params.time("from", 0L);
        long to = params.time("to", Long.MAX_VALUE);
        if (from >= to) {
            throw ApiException.badRequest("'from' must be before 'to'");
        }
        int limit = params.limit();
        JsonArray items = new JsonArray();
        for (Reading r : store.readings(deviceId, metric, from, to, limit)) {
            items.add(new JsonObject().put("metric", r.metric()).put("ts", r.timestamp()).put("value", r.value())
                    .put("unit", r.unit()).put("quality", r.quality().name()));
        }
        return new JsonObject().put("device", deviceId).put("count", items.size()).put("readings", items);
    }

    /**
     * {@code GET /api/v1/devices/{id}/counts}: the device's stored readings with a device time in [from, to) per
     * metric, with the BAD ones, and the messages of it rejected since the gateway started (whatever from and to say).
     * 404 for an id the gateway neither accepts, nor has stored anything of, nor has rejected since start.
     */
    JsonObject counts(String deviceId, QueryParams params) {
        Optional<RejectionCounts.Rejections> rejected = rejections.of(deviceId);
        if (registry.find(deviceId).isEmpty() && rejected.isEmpty() && store.device(deviceId).isEmpty()) {
            throw ApiException.notFound("no device '" + deviceId + "'");
        }
        long from = params.time("from", 0L);
        long to = params.time("to", Long.MAX_VALUE);
        if (from >= to) {
            throw ApiException.badRequest("'from' must be before 'to'");
        }
        JsonObject metrics = new JsonObject();
        for (MetricCounts m : store.readingCounts(deviceId, from, to)) {
            metrics.put(m.metric(), new JsonObject().put("readings", m.readings()).put("bad", m.bad())
                    .put("sum", m.sum()));
        }
        RejectionCounts.Rejections r = rejected.orElse(RejectionCounts.Rejections.NONE);
        JsonObject byReason = new JsonObject();
        r.byReason().forEach((reason, n) -> byReason.put(reason.label(), n));
        return new JsonObject().put("device", deviceId).put("from", from).put("to", to).put("metrics", metrics)
                .put("rejected", new JsonObject().put("total", r.total()).put("byReason", byReason));
    }

    JsonObject rejected(QueryParams params) {
        int limit = params.limit();
        JsonArray items = new JsonArray();
        for (RejectedRecord r : store.rejected(limit)) {
            items.add(new JsonObject().put("receivedAt", r.receivedAt()).put("transport", r.transport())
                    .put("device", r.deviceId()).put("address", r.address()).put("reason", r.reason().label())
                    .put("detail", r.detail())
                    .put("payloadBase64", Base64.getEncoder().encodeToString(r.payload()))
                    .put("payloadBytes", r.payloadLength()).put("payloadTruncated", r.truncated()));
        }
        return new JsonObject().put("count", items.size()).put("rejected", items);
    }

    private JsonObject describe(String id, Optional<DeviceRegistry.KnownDevice> known, Optional<DeviceRecord> seen) {
        JsonObject json = new JsonObject().put("id", id)
                .put("declared", known.map(DeviceRegistry.KnownDevice::declared).orElse(false))
                .put("accepted", known.isPresent());
        if (known.isPresent()) {
            DeviceRegistry.KnownDevice device = known.get();
            DeviceProfiles.Choice choice = profiles.choose(device);
            json.put("model", device.model())
                    .put("profile", choice.found() ? choice.profile().id() : null);
            if (!choice.found()) {
                // Flagged: nothing it sends is decoded until this is resolved.
                json.put("profileProblem", new JsonObject().put("reason", choice.reason().label())
                        .put("detail", choice.problem()));
            }
        } else {
            json.put("profile", seen.map(DeviceRecord::profile).orElse(null));
        }
        seen.ifPresent(s -> json.put("transport", s.transport()).put("firstSeen", s.firstSeen())
                .put("lastSeen", s.lastSeen()).put("firmware", s.firmware()).put("state", s.state())
                .put("stateChangedAt", s.stateChangedAt() == 0 ? null : s.stateChangedAt()));
        if (!json.containsKey("firmware") || json.getValue("firmware") == null) {
            json.put("firmware", known.map(DeviceRegistry.KnownDevice::firmware).orElse(null));
        }
        return json;
    }
}
