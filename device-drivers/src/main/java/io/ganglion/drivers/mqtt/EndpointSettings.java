package io.ganglion.drivers.mqtt;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

/**
 * The device-facing MQTT endpoint inside the gateway, used when no broker is configured (YAML: {@code mqtt.endpoint}).
 * Devices connect to it as to any MQTT 3.1.1 or 5 broker.
 *
 * @param host            listen address
 * @param port            listen port; 0 picks a free one
 * @param maxMessageBytes the largest PUBLISH accepted; larger ones close the connection (MQTT has no per-message nack
 *                        in 3.1.1)
 * @param receiveMaximum  QoS1 messages a device may have unacknowledged (MQTT 5 Receive Maximum)
 * @param passwordFile    the devices' password file ({@link DeviceCredentials}); when set, devices must log in with
 *                        their id and password and may use their own topics only ({@link DeviceAccess}); absent: open
 * @param tls             MQTT over TLS only, optionally with client certificates ({@link EndpointTls}); absent: plain TCP
 * @param limits          what clients may hold: connections, topic sizes, subscriptions, sessions ({@link EndpointLimits})
 */
public record EndpointSettings(String host, Integer port, Integer maxMessageBytes, Integer receiveMaximum,
                               java.nio.file.Path passwordFile, EndpointTls tls, EndpointLimits limits) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int DEFAULT_RECEIVE_MAXIMUM = 1000;

    public EndpointSettings {
        host = notBlank("host", orDefault(host, DEFAULT_HOST));
        port = inRange("port", orDefault(port, DEFAULT_PORT), 0, 65535);
        maxMessageBytes = inRange("maxMessageBytes", orDefault(maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES),
                64, 256 * 1024 * 1024);
        receiveMaximum = inRange("receiveMaximum", orDefault(receiveMaximum, DEFAULT_RECEIVE_MAXIMUM), 1, 65535);
        limits = orDefault(limits, EndpointLimits.defaults());
    }

    public EndpointSettings(String host, Integer port, Integer maxMessageBytes, Integer receiveMaximum) {
        this(host, port, maxMessageBytes, receiveMaximum, null, null, null);
    }

    public EndpointSettings(String host, Integer port, Integer maxMessageBytes, Integer receiveMaximum,
                            java.nio.file.Path passwordFile, EndpointTls tls) {
        this(host, port, maxMessageBytes, receiveMaximum, passwordFile, tls, null);
    }

    public static EndpointSettings defaults() {
        return new EndpointSettings(null, null, null, null, null, null, null);
    }

    /** These settings with another message rate per connection (0: none), e.g. for benchmarks of the endpoint. */
    public EndpointSettings withMessagesPerSecond(int perSecond) {
        return new EndpointSettings(host, port, maxMessageBytes, receiveMaximum, passwordFile, tls,
                limits.withMessagesPerSecond(perSecond));
    }

    /** These settings with another largest PUBLISH (the gateway raises it to fit its cameras' frames). */
    public EndpointSettings withMaxMessageBytes(int bytes) {
        return new EndpointSettings(host, port, bytes, receiveMaximum, passwordFile, tls, limits);
    }
}
