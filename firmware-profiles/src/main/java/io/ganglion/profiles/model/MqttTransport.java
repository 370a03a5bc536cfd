package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.orDefault;

/**
 * The MQTT topics of a device type ({@code transports.mqtt}); each defaults to the gateway's standard topic, so a
 * profile names only those a brownfield device does differently.
 *
 * @param telemetry where the device publishes readings; default {@code devices/{deviceId}/telemetry}
 * @param status    firmware announcements and the last will; default {@code devices/{deviceId}/status}
 * @param commands  where the gateway publishes commands; default {@code devices/{deviceId}/commands/{name}}, where
 *                  {@code {name}} is the command's name
 * @param frames    camera frames (JPEG); default {@code devices/{deviceId}/frames}
 */
public record MqttTransport(TopicTemplate telemetry, TopicTemplate status, TopicTemplate commands,
        TopicTemplate frames) {
    public static final TopicTemplate DEFAULT_TELEMETRY = TopicTemplate.of("devices/{deviceId}/telemetry");
    public static final TopicTemplate DEFAULT_STATUS = TopicTemplate.of("devices/{deviceId}/status");
    public static final TopicTemplate DEFAULT_COMMANDS = TopicTemplate.of("devices/{deviceId}/commands/{name}");
    public static final TopicTemplate DEFAULT_FRAMES = TopicTemplate.of("devices/{deviceId}/frames");

    public MqttTransport {
        telemetry = orDefault(telemetry, DEFAULT_TELEMETRY);
        status = orDefault(status, DEFAULT_STATUS);
        commands = orDefault(commands, DEFAULT_COMMANDS);
        frames = orDefault(frames, DEFAULT_FRAMES);
    }

    /** The standard topics of DESIGN.md. */
    public static MqttTransport defaults() {
        return new MqttTransport(null, null, null, null);
    }
}
