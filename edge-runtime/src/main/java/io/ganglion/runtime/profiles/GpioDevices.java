package io.ganglion.runtime.profiles;

import io.ganglion.drivers.gpio.GpioDevice;
import io.ganglion.drivers.gpio.GpioDriver;
import io.ganglion.drivers.gpio.GpioProvider;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.GpioPin;
import io.ganglion.profiles.model.GpioTransport;
import io.ganglion.profiles.model.Transports;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<GpioDevice> wired = declared(devices, profiles, configFile);
        if (wired.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GpioDriver(wired, GpioProvider.AUTO, GpioDriver.DEFAULT_STOP_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(configFile, "devices", 0, e.getMessage());
        }
    }

    /**
     * The devices wired to pins, each with its profile's pins renumbered by its own {@code pins}.
     *
     * @throws ConfigException when a device's {@code pins} names a pin its profile does not have, or the device is
     *                         not a GPIO device
     */
    static List<GpioDevice> declared(List<DeviceConfig> devices, ProfileCatalog profiles, Path configFile)
            throws ConfigException {
        List<GpioDevice> wired = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig device = devices.get(i);
            GpioTransport pins = device.profile() == null ? null : profiles.set().find(device.profile())
                    .map(DeviceProfile::transports).map(Transports::gpio).orElse(null);
            if (pins == null) {
                if (!device.pins().isEmpty()) {
                    throw new ConfigException(configFile, "devices[" + i + "].pins", 0, "expected pins only for a "
                            + "device whose profile has transports.gpio; '" + device.id() + "' has "
                            + (device.profile() == null ? "no fixed profile" : "profile '" + device.profile() + "'"));
                }
                continue;
            }
            wired.add(new GpioDevice(device.id(), renumbered(pins, device.pins(), "devices[" + i + "].pins",
                    configFile)));
        }
        return wired;
    }

    private static GpioTransport renumbered(GpioTransport pins, Map<String, Integer> numbers, String key,
                                            Path configFile) throws ConfigException {
        if (numbers.isEmpty()) {
            return pins;
        }
        Map<String, GpioPin> renumbered = new LinkedHashMap<>(pins.pins());
        for (Map.Entry<String, Integer> number : numbers.entrySet()) {
            GpioPin pin = renumbered.get(number.getKey());
            if (pin == null) {
                throw new ConfigException(configFile, key + "." + number.getKey(), 0, "expected a pin name of the "
                        + "profile " + pins.pins().keySet() + ", got '" + number.getKey() + "'");
            }
            renumbered.put(number.getKey(), new GpioPin(number.getValue(), pin.mode(), pin.pull(), pin.debounce(),
                    pin.window(), pin.activeLow(), pin.frequency()));
        }
        try {
            return new GpioTransport(renumbered);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(configFile, key, 0, e.getMessage());
        }
    }
}
