package io.ganglion.drivers.gpio;

import io.ganglion.profiles.model.GpioTransport;
import java.util.Objects;

/**
 * A device wired to the gateway's own pins: its id and the pins its profile declares ({@code transports.gpio}).
 *
 * @param id   the device id readings are stored under
 * @param pins the pins by name, as the profile declares them
 */
public record GpioDevice(String id, GpioTransport pins) {
    public GpioDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pins, "pins");
    }
}
