package io.ganglion.profiles.model;

import io.ganglion.profiles.InvalidSettingException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GPIO pins of a device type ({@code transports.gpio}), by name. The names are what the GPIO driver reports the
 * pins under and what commands name; two names on one pin number are a conflict, refused here.
 *
 * @param pins at least one pin, by name
 */
public record GpioTransport(Map<String, GpioPin> pins) {
    public GpioTransport {
        if (pins == null || pins.isEmpty()) {
            throw new InvalidSettingException("pins", "at least one pin, e.g. pins: {loop: {pin: 17, mode: counter}}",
                    "nothing");
        }
        Map<Integer, String> byNumber = new HashMap<>();
        for (Map.Entry<String, GpioPin> entry : pins.entrySet()) {
            if (entry.getValue() == null) {
                throw new InvalidSettingException("pins." + entry.getKey(), "a pin section (pin, mode, ...)", "nothing");
            }
            String other = byNumber.putIfAbsent(entry.getValue().pin(), entry.getKey());
            if (other != null) {
                throw new InvalidSettingException("pins." + entry.getKey() + ".pin",
                        "a pin no other name uses (GPIO " + entry.getValue().pin() + " is already " + other + ")",
                        entry.getValue().pin());
            }
        }
        pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    }
}
