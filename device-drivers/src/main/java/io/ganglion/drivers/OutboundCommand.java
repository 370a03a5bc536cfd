package io.ganglion.drivers;

import java.util.Objects;

/**
 * One command on its way to a device, already encoded by the device's profile.
 *
 * @param deviceId  the device it is for
 * @param commandId the gateway's id of the command, for logs and acknowledgements
 * @param name      the command's name in the profile, e.g. {@code pulse}
 * @param address   where it goes: the MQTT topic; {@code gpio} for a device on the gateway's pins, whose payload names
 *                  the pins (a CoAP path for CoAP)
 * @param payload   the encoded payload; never null
 * @param qos       0 for best effort, 1 for at-least-once (higher values are sent as 1)
 */
public record OutboundCommand(String deviceId, String commandId, String name, String address, byte[] payload,
                              int qos) {
    public OutboundCommand {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        payload = Objects.requireNonNull(payload, "payload").clone();
        qos = Math.max(0, Math.min(qos, 1));
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
