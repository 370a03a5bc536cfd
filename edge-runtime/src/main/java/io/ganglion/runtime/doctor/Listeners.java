package io.ganglion.runtime.doctor;

import io.ganglion.drivers.coap.CoapSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.runtime.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;

/** The sockets a gateway with this configuration opens at start, as the gateway opens them. */
final class Listeners {
    enum Protocol { TCP, UDP }

    /**
     * @param name     what it serves, e.g. {@code MQTT endpoint}
     * @param key      the setting of its port, for the fix
     */
    record Listener(String name, Protocol protocol, String host, int port, String key) {
        String address() {
            return host + ":" + port + " (" + protocol + ")";
        }
    }

    private Listeners() {
    }

    static List<Listener> of(GatewayConfig config) {
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new Listener("HTTP", Protocol.TCP, config.http().host(), config.http().port(), "http.port"));
        if (!config.mqtt().usesExternalBroker()) {
            EndpointSettings endpoint = config.mqtt().endpoint();
            listeners.add(new Listener("MQTT endpoint", Protocol.TCP, endpoint.host(), endpoint.port(),
                    "mqtt.endpoint.port"));
        }
        if (config.coap().enabled()) {
            CoapSettings coap = config.coap().settings();
            if (coap.plainEnabled()) {
                listeners.add(new Listener("CoAP", Protocol.UDP, coap.host(), coap.port(), "coap.port"));
            }
            if (coap.dtlsEnabled()) {
                listeners.add(new Listener("CoAPS", Protocol.UDP, coap.host(), coap.dtlsPort(), "coap.dtlsPort"));
            }
        }
        return listeners;
    }
}
