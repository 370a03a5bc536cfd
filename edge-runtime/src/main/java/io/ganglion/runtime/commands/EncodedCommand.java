package io.ganglion.runtime.commands;

import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.EncodeException;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.InvalidCommandException;
import io.ganglion.profiles.model.MqttTransport;
import io.ganglion.profiles.model.TopicTemplate;
import io.ganglion.runtime.commands.CommandRejectedException.Kind;
import io.ganglion.runtime.profiles.DeviceProfiles;
import java.util.Map;

/**
 * A command checked and encoded by the device's current profile, with the address it goes to: the MQTT topic, the
 * device's CoAP resource when it has no MQTT, or {@link #GPIO_ADDRESS} for a device on the gateway's pins, whose
 * payload names the pins itself. The transport is chosen when it is sent ({@link TransportRoutingDownlink}).
 *
 * @param qos the profile's QoS for it, at most 1 (the gateway sends nothing at QoS2)
 */
record EncodedCommand(byte[] payload, String address, int qos) {
    /** The address of a command to a GPIO device: there is no topic; the payload's keys are the output pins. */
    static final String GPIO_ADDRESS = "gpio";
    /** Where a device that has only CoAP takes commands: its own resource, {@code /commands/{name}}. */
    static final String COAP_PATH_PREFIX = "/commands/";

    /**
     * @throws CommandRejectedException NO_COMMANDS when the device has no profile with commands and an MQTT, CoAP or GPIO transport,
     *                                  UNKNOWN_COMMAND or INVALID from the profile's checks
     */
    static EncodedCommand of(String deviceId, DeviceProfiles.Choice choice, String name, Map<String, ?> parameters)
            throws CommandRejectedException {
        if (!choice.found()) {
            throw new CommandRejectedException(Kind.NO_COMMANDS, "device '" + deviceId + "' has no profile now: "
                    + choice.problem());
        }
        if (!(choice.profile() instanceof DeviceProfile profile) || profile.commands().isEmpty()) {
            throw new CommandRejectedException(Kind.NO_COMMANDS, "device '" + deviceId + "' uses profile '"
                    + choice.profile().id() + "', which declares no commands");
        }
        boolean gpio = profile.transports().gpio() != null;
        MqttTransport mqtt = profile.transports().mqtt();
        boolean coap = profile.transports().coap() != null;
        if (!gpio && mqtt == null && !coap) {
            throw new CommandRejectedException(Kind.NO_COMMANDS, "profile '" + profile.id() + "' has no MQTT, CoAP "
                    + "or GPIO transport to send commands by");
        }
        byte[] payload;
        try {
            payload = profile.encodeCommand(name, parameters);
        } catch (InvalidCommandException e) {
            throw new CommandRejectedException(e.reason() == InvalidCommandException.Reason.UNKNOWN_COMMAND
                    ? Kind.UNKNOWN_COMMAND : Kind.INVALID, e.reason().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + e.getMessage());
        } catch (EncodeException e) {
            throw new CommandRejectedException(Kind.INVALID, "command '" + name + "' cannot be encoded: "
                    + e.getMessage());
        }
        if (gpio && profile.commands().get(name).payload().codec() != CodecKind.JSON) {
            // The GPIO downlink reads pins and states from a JSON object; anything else would fail at every try.
            throw new CommandRejectedException(Kind.NO_COMMANDS, "command '" + name + "' of profile '" + profile.id()
                    + "' is for pins wired to the gateway and must use the json codec (pin names to states), not "
                    + profile.commands().get(name).payload().codec().name().toLowerCase(java.util.Locale.ROOT));
        }
        String address = gpio ? GPIO_ADDRESS
                : mqtt != null ? mqtt.commands().render(Map.of(TopicTemplate.DEVICE_ID, deviceId, "name", name))
                : COAP_PATH_PREFIX + name;
        return new EncodedCommand(payload, address, Math.min(profile.commands().get(name).qos(), 1));
    }
}
