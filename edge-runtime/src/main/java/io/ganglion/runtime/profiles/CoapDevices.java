package io.ganglion.runtime.profiles;

import io.ganglion.drivers.coap.CoapDeviceReader;
import io.ganglion.drivers.coap.CoapReadTarget;
import io.ganglion.drivers.coap.CoapReaderTimings;
import io.ganglion.profiles.model.CoapTransport;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.TopicTemplate;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The declared devices the gateway reads as a CoAP client: those with a fixed {@code profile} whose
 * {@code transports.coap} observes or polls the device's own resource. Each needs an {@code address}. A device
 * selected by model is not read: which profile applies (and so whether to fetch at all) depends on the firmware it
 * announces, and a device that waits to be read announces nothing.
 */
public final class CoapDevices {
    private CoapDevices() {
    }

    /**
     * The reader of the declared CoAP devices the gateway fetches from, none when there are none.
     *
     * @throws ConfigException when such a device has no address, or a coaps one (not supported yet for reading)
     */
    public static Optional<CoapDeviceReader> reader(List<DeviceConfig> devices, ProfileCatalog profiles,
                                                   Path configFile) throws ConfigException {
        List<CoapReadTarget> targets = targets(devices, profiles, configFile);
        return targets.isEmpty() ? Optional.empty() : Optional.of(
                new CoapDeviceReader(targets, CoapReaderTimings.DEFAULT, CoapDeviceReader.DEFAULT_STOP_TIMEOUT));
    }

    static List<CoapReadTarget> targets(List<DeviceConfig> devices, ProfileCatalog profiles, Path configFile)
            throws ConfigException {
        List<CoapReadTarget> targets = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig device = devices.get(i);
            if (device.profile() == null) {
                continue;
            }
            CoapTransport coap = profiles.set().find(device.profile()).map(DeviceProfile::transports)
                    .map(transports -> transports.coap()).orElse(null);
            if (coap == null || !coap.gatewayFetches()) {
                continue;
            }
            String key = "devices[" + i + "].address";
            if (device.address() == null) {
                throw new ConfigException(configFile, key, 0, "device '" + device.id() + "': its profile '"
                        + device.profile() + "' reads the device's own CoAP resource, so the device needs an "
                        + "address, e.g. coap://192.0.2.10:5683");
            }
            if (!"coap".equals(device.addressUri().getScheme())) {
                throw new ConfigException(configFile, key, 0, "device '" + device.id() + "': the gateway reads "
                        + "devices over plain coap:// only so far, not " + device.address());
            }
            String path = coap.telemetry().replace("{" + TopicTemplate.DEVICE_ID + "}", device.id());
            targets.add(new CoapReadTarget(device.id(), URI.create(device.address() + path), coap.observe(),
                    coap.poll()));
        }
        return targets;
    }
}
