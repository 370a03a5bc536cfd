package io.ganglion.drivers;

import java.util.Objects;

/**
 * One message from a device as a driver received it, before any decoding.
 *
 * @param transport  the transport that carried it
 * @param deviceId   the device id taken from the topic or resource path (not yet checked against configuration)
 * @param channel    what the message carries
 * @param address    where it arrived: the MQTT topic or CoAP path, kept for the rejected-message log
 * @param payload    the body, never null; drivers enforce no size limit, the pipeline does
 * @param qos        0 for best effort (MQTT QoS0, CoAP non-confirmable), 1 for at-least-once
 * @param receivedAt gateway receive time, UTC epoch milliseconds
 */
public record InboundMessage(Transport transport, String deviceId, Channel channel, String address, byte[] payload,
                             int qos, long receivedAt) {
    public InboundMessage {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(payload, "payload");
    }
}
