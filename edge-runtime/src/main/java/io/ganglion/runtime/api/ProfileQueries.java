package io.ganglion.runtime.api;

import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.profiles.model.CommandSpec;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.MetricSpec;
import io.ganglion.profiles.model.MqttTransport;
import io.ganglion.runtime.ingest.DeviceRegistry;
import io.ganglion.runtime.profiles.DeviceProfiles;
import io.ganglion.runtime.profiles.ProfileCatalog;
import io.ganglion.runtime.profiles.ProfileReloader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/profiles}: the profiles in force, which devices use which, devices no profile covers, and what the
 * last change to the profile directory did (applied, or refused with every problem).
 */
public final class ProfileQueries {
    private final ProfileCatalog catalog;
    private final DeviceRegistry devices;
    private final DeviceProfiles deviceProfiles;
    private final ProfileReloader reloader;

    /** @param reloader null when there is no profile directory or reload is off */
    public ProfileQueries(ProfileCatalog catalog, DeviceRegistry devices, DeviceProfiles deviceProfiles,
                          ProfileReloader reloader) {
        this.catalog = catalog;
        this.devices = devices;
        this.deviceProfiles = deviceProfiles;
        this.reloader = reloader;
    }

    JsonObject list() {
        Map<String, List<String>> usedBy = new TreeMap<>();
        JsonArray unresolved = new JsonArray();
        for (DeviceRegistry.KnownDevice device : devices.all()) {
            DeviceProfiles.Choice choice = deviceProfiles.choose(device);
            if (choice.found()) {
                usedBy.computeIfAbsent(choice.profile().id(), id -> new ArrayList<>()).add(device.id());
            } else {
                unresolved.add(new JsonObject().put("device", device.id()).put("model", device.model())
                        .put("firmware", device.firmware()).put("reason", choice.reason().label())
                        .put("problem", choice.problem()));
            }
        }
        usedBy.values().forEach(ids -> ids.sort(null));
        JsonArray profiles = new JsonArray();
        profiles.add(new JsonObject().put("id", JsonTelemetryProfile.ID).put("builtIn", true)
                .put("description", "flat JSON object: ts (epoch ms) and one number per metric")
                .put("devices", new JsonArray(usedBy.getOrDefault(JsonTelemetryProfile.ID, List.of()))));
        for (DeviceProfile profile : catalog.set().all()) {
            profiles.add(describe(profile, usedBy.getOrDefault(profile.id(), List.of())));
        }
        ProfileCatalog.Snapshot snapshot = catalog.snapshot();
        return new JsonObject()
                .put("generation", snapshot.generation())
                .put("since", snapshot.since().toEpochMilli())
                .put("reload", reload())
                .put("count", profiles.size())
                .put("profiles", profiles)
                .put("unresolvedDevices", unresolved);
    }

    private JsonObject reload() {
        if (reloader == null) {
            return new JsonObject().put("enabled", false);
        }
        JsonObject json = new JsonObject().put("enabled", true).put("directory", reloader.directory().toString());
        ProfileReloader.Outcome last = reloader.lastOutcome();
        if (last != null) {
            json.put("lastChange", new JsonObject().put("at", last.at().toEpochMilli())
                    .put("applied", last.applied()).put("problems", new JsonArray(last.problems())));
        }
        return json;
    }

    /**
     * Each command's description and parameters (type, range, unit, description), from which the dashboard builds
     * its command form and checks a value before sending it; the gateway checks again (a 400 says what was wrong).
     */
    private static JsonObject commandDetails(DeviceProfile profile) {
        JsonObject commands = new JsonObject();
        for (Map.Entry<String, CommandSpec> entry : profile.commands().entrySet()) {
            JsonObject parameters = new JsonObject();
            entry.getValue().parameters().forEach((name, p) -> {
                JsonObject parameter = new JsonObject()
                        .put("type", p.type().name().toLowerCase(java.util.Locale.ROOT))
                        .put("unit", p.unit()).put("description", p.description());
                if (p.range() != null) {
                    parameter.put("range", new JsonArray().add(p.range().min()).add(p.range().max()));
                }
                parameters.put(name, parameter);
            });
            commands.put(entry.getKey(), new JsonObject().put("description", entry.getValue().description())
                    .put("parameters", parameters));
        }
        return commands;
    }

    private static JsonObject describe(DeviceProfile profile, List<String> devices) {
        JsonObject metrics = new JsonObject();
        for (Map.Entry<String, MetricSpec> entry : profile.metrics().entrySet()) {
            MetricSpec m = entry.getValue();
            JsonObject metric = new JsonObject().put("type", m.type().name().toLowerCase(java.util.Locale.ROOT))
                    .put("unit", m.unit());
            if (m.range() != null) {
                metric.put("range", new JsonArray().add(m.range().min()).add(m.range().max()));
            }
            if (m.period() != null) {
                metric.put("periodMillis", m.period().toMillis());
            }
            metrics.put(entry.getKey(), metric);
        }
        JsonObject json = new JsonObject().put("id", profile.id()).put("builtIn", false)
                .put("vendor", profile.vendor()).put("model", profile.model())
                .put("firmware", profile.firmware().toString()).put("description", profile.description())
                .put("source", String.valueOf(profile.file()))
                .put("metrics", metrics)
                .put("commands", new JsonArray(new ArrayList<>(profile.commands().keySet())))
                .put("commandDetails", commandDetails(profile))
                .put("devices", new JsonArray(devices));
        MqttTransport mqtt = profile.transports().mqtt();
        if (mqtt != null) {
            json.put("mqtt", new JsonObject().put("telemetry", mqtt.telemetry().toString())
                    .put("status", mqtt.status().toString()));
        }
        return json;
    }
}
