package io.ganglion.runtime.ingest;

import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.IngestConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which devices the gateway accepts and which profile decodes each. Declared devices come from configuration; when
 * {@code ingest.autoRegister} is on, an unknown device is added with the default profile on its first message.
 * Thread-safe and non-blocking.
 */
public final class DeviceRegistry {
    /** A device the gateway accepts. */
    public record KnownDevice(String id, String profileId, boolean declared, String firmware) {
        public KnownDevice(String id, String profileId, boolean declared) {
            this(id, profileId, declared, null);
        }

        KnownDevice withFirmware(String newFirmware) {
            return new KnownDevice(id, profileId, declared, newFirmware);
        }
    }

    private final Map<String, KnownDevice> devices = new ConcurrentHashMap<>();
    private final boolean autoRegister;
    private final String autoRegisterProfile;

    public DeviceRegistry(List<DeviceConfig> declared, IngestConfig ingest) {
        for (DeviceConfig device : declared) {
            devices.put(device.id(), new KnownDevice(device.id(), device.profile(), true));
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

    /** The device announced the firmware it runs (after the announcement was stored). */
    public void announced(String deviceId, String firmware) {
        devices.computeIfPresent(deviceId, (id, known) -> known.withFirmware(firmware));
    }

    public Optional<KnownDevice> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public Collection<KnownDevice> all() {
        return devices.values();
    }
}
