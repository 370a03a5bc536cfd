package io.ganglion.sim.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ganglion.profiles.InvalidSettingException;
import java.util.Locale;

/** How a virtual device reaches the gateway ({@code devices[].transport}). */
public enum Transport {
    MQTT("mqtt"),
    COAP("coap"),
    /** CoAP over DTLS with a pre-shared key ({@code psk}). */
    COAPS("coaps"),
    /** The gateway's mock GPIO provider: only when the simulator runs in the gateway's process. */
    GPIO("gpio");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Transport of(String text) {
        for (Transport transport : values()) {
            if (transport.label.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
                return transport;
            }
        }
        throw new InvalidSettingException("transport", "one of mqtt, coap, coaps, gpio", "'" + text + "'");
    }
}
