package io.ganglion.runtime.vision;

import io.ganglion.profiles.Profile;
import io.ganglion.profiles.model.CameraSpec;
import io.ganglion.profiles.model.DetectionSpec;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.CameraConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.VisionConfig;
import io.ganglion.runtime.ingest.DeviceRegistry.KnownDevice;
import io.ganglion.runtime.profiles.DeviceProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which declared devices are cameras, and with what settings: a device whose profile (fixed, or selected by the
 * firmware configured for its model) has {@code camera.detection}. Decided once at start; a profile reload does not
 * turn a device into a camera or change its model (restart the gateway for that).
 */
public final class Cameras {
    private Cameras() {
    }

    /**
     * @throws ConfigException when a device has camera settings but no camera profile, or a camera's model is not
     *                         among {@code vision.models}; the key names the device's entry
     */
    public static List<Camera> of(List<DeviceConfig> devices, DeviceProfiles profiles, VisionConfig vision,
                                  Path configFile) throws ConfigException {
        List<Camera> cameras = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig device = devices.get(i);
            String key = "devices[" + i + "]";
            Optional<DetectionSpec> detection = detection(device, profiles);
            CameraConfig own = device.camera();
            if (detection.isEmpty()) {
                if (own != null) {
                    throw new ConfigException(configFile, key + ".camera", 0, "device '" + device.id()
                            + "' has camera settings, but its profile has no camera.detection (expected a camera "
                            + "profile such as ip-camera)");
                }
                continue;
            }
            DetectionSpec spec = detection.get();
            String model = own != null && own.model() != null ? own.model() : spec.model();
            if (vision.model(model).isEmpty()) {
                String where = own != null && own.model() != null ? key + ".camera.model" : key + ".profile";
                throw new ConfigException(configFile, where, 0, "camera '" + device.id() + "' uses model '" + model
                        + "'" + (own != null && own.model() != null ? "" : " (its profile's camera.detection.model)")
                        + ", which vision.models does not define (defined: "
                        + (vision.models().isEmpty() ? "none" : String.join(", ",
                        vision.models().stream().map(m -> m.name()).toList())) + ")");
            }
            double confidence = own != null && own.confidence() != null ? own.confidence() : spec.confidence();
            Map<String, List<List<Double>>> zones = own != null && own.zones() != null ? own.zones() : spec.zones();
            List<Zone> zoneList = new ArrayList<>();
            zones.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> zoneList.add(Zone.of(e.getKey(), e.getValue())));
            cameras.add(new Camera(device.id(), model, confidence, new HashSet<>(spec.classes()), zoneList, own));
        }
        return cameras;
    }

    private static Optional<DetectionSpec> detection(DeviceConfig device, DeviceProfiles profiles) {
        DeviceProfiles.Choice choice = profiles.choose(new KnownDevice(device.id(), device.profile(), device.model(),
                true, device.firmware()));
        if (!choice.found()) {
            return Optional.empty(); // reported where the device's messages are decoded
        }
        Profile profile = choice.profile();
        if (!(profile instanceof DeviceProfile deviceProfile)) {
            return Optional.empty();
        }
        return deviceProfile.camera().map(CameraSpec::detection);
    }
}
