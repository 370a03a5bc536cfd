package io.ganglion.runtime.profiles;

import io.ganglion.drivers.gpio.GpioDevice;
import io.ganglion.drivers.gpio.GpioDriver;
import io.ganglion.drivers.gpio.GpioProvider;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.GpioTransport;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The declared devices wired to the gateway's own pins: those with a fixed {@code profile} whose profile has
 * {@code transports.gpio}. A device selected by model and announced firmware cannot be one: a pin has no firmware
 * to announce, and the pins must be known when the driver opens them.
 */
public final class GpioDevices {
    private GpioDevices() {
    }

    /**
     * The GPIO driver for the declared GPIO devices, none when there are none.
     *
     * @throws ConfigException when two devices declare one pin
     */
    public static Optional<GpioDriver> driver(List<DeviceConfig> devices, ProfileCatalog profiles, Path configFile)
            throws ConfigException {
        List<GpioDevice> wired = declared(devices, profiles);
        if (wired.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GpioDriver(wired, GpioProvider.AUTO, GpioDriver.DEFAULT_STOP_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(configFile, "devices", 0, e.getMessage());
        }
    }

    static List<GpioDevice> declared(List<DeviceConfig> devices, ProfileCatalog profiles) {
        return devices.stream().filter(device -> device.profile() != null)
                .map(device -> profiles.set().find(device.profile()).map(DeviceProfile::transports)
                        .map(transports -> gpio(device, transports.gpio())).orElse(null))
                .filter(Objects::nonNull).toList();
    }

    private static GpioDevice gpio(DeviceConfig device, GpioTransport pins) {
        return pins == null ? null : new GpioDevice(device.id(), pins);
    }
}
