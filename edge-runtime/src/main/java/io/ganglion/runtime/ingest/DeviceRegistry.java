package io.ganglion.runtime.ingest;

import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.IngestConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which devices the gateway accepts, and what decides their profile: a fixed profile id, or a model whose profile the
 * device's firmware selects. Declared devices come from configuration; when {@code ingest.autoRegister} is on, an
 * unknown device is added with the default profile on its first message. Thread-safe and non-blocking.
 */
public final class DeviceRegistry {
    /**
     * A device the gateway accepts.
     *
     * @param profileId the fixed profile, or null when {@code model} selects it
     * @param model     the device's model, or null when {@code profileId} is fixed
     * @param firmware  the firmware it last announced (or, before any announcement, the configured one), or null
     */
    public record KnownDevice(String id, String profileId, String model, boolean declared, String firmware) {
        /** A device with a fixed profile. */
        public KnownDevice(String id, String profileId, boolean declared) {
            this(id, profileId, null, declared, null);
        }

        /** The profile id when fixed, else {@code model:<model>}: for the store's record of what decoded it. */
        public String profileKey() {
            return profileId != null ? profileId : "model:" + model;
        }

        KnownDevice withFirmware(String newFirmware) {
            return new KnownDevice(id, profileId, model, declared, newFirmware);
        }
    }

    private final Map<String, KnownDevice> devices = new ConcurrentHashMap<>();
    private final boolean autoRegister;
    private final String autoRegisterProfile;

    public DeviceRegistry(List<DeviceConfig> declared, IngestConfig ingest) {
        for (DeviceConfig device : declared) {
            devices.put(device.id(), new KnownDevice(device.id(), device.profile(), device.model(), true,
                    device.firmware()));
        }
        this.autoRegister = ingest.autoRegister();
        this.autoRegisterProfile = ingest.autoRegisterProfile();
    }

    /** The device, registering it first when auto-registration is on; empty when it is not accepted. */
    public Optional<KnownDevice> resolve(String deviceId) {
        KnownDevice known = devices.get(deviceId);
        if (known != null || !autoRegister) {
            return Optional.ofNullable(known);
        }
        return Optional.of(devices.computeIfAbsent(deviceId, id -> new KnownDevice(id, autoRegisterProfile, false)));
    }

    /**
     * The device announced the firmware it runs (after the announcement was stored, or when the store says so at
     * start).
     *
     * @return the device as it is now, or empty for a device the registry does not hold
     */
    public Optional<KnownDevice> announced(String deviceId, String firmware) {
        return Optional.ofNullable(devices.computeIfPresent(deviceId, (id, known) -> known.withFirmware(firmware)));
    }

    public Optional<KnownDevice> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public Collection<KnownDevice> all() {
        return devices.values();
    }
}
