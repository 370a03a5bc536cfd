package io.ganglion.profiles.model;

/**
 * How a device type is reached ({@code transports}); absent sections are transports the device does not use. A
 * profile that names none is reached over MQTT on the standard topics.
 *
 * @param mqtt topics, each defaulting to the standard one
 * @param coap resource paths, or observing and polling the device
 * @param gpio pins wired to the gateway itself
 */
public record Transports(MqttTransport mqtt, CoapTransport coap, GpioTransport gpio) {
    /** MQTT on the standard topics: what a profile that names no transport gets. */
    public static Transports defaults() {
        return new Transports(MqttTransport.defaults(), null, null);
    }

    /** Whether no transport is named, as in a profile that leaves them to the one it extends. */
    public boolean isEmpty() {
        return mqtt == null && coap == null && gpio == null;
    }
}
