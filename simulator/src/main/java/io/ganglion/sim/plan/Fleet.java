package io.ganglion.sim.plan;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every virtual device of a plan, cameras included, in scenario order; {@link DeviceInfo#ordinal()} indexes it. */
public final class Fleet {
    private final List<DeviceInfo> devices;
    private final Map<String, DeviceInfo> byId;

    Fleet(List<DeviceInfo> devices) {
        this.devices = List.copyOf(devices);
        Map<String, DeviceInfo> index = new HashMap<>(devices.size() * 2);
        for (DeviceInfo device : devices) {
            index.put(device.id(), device);
        }
        this.byId = Collections.unmodifiableMap(index);
    }

    public List<DeviceInfo> devices() {
        return devices;
    }

    public Optional<DeviceInfo> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public DeviceInfo get(int ordinal) {
        return devices.get(ordinal);
    }

    public int size() {
        return devices.size();
    }
}
