package io.ganglion.drivers;

/** The southbound transports. The lower-case name is used in metrics labels and the REST API. */
public enum Transport {
    MQTT, COAP, GPIO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
