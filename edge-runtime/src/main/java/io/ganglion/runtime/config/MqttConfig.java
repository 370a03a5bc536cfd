package io.ganglion.runtime.config;

import io.ganglion.drivers.mqtt.BrokerSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;

/**
 * MQTT southbound (YAML: {@code mqtt}). With {@code broker} set the gateway subscribes to that broker and opens no
 * MQTT listener of its own; without it the gateway itself is the devices' MQTT endpoint.
 */
public record MqttConfig(BrokerSettings broker, EndpointSettings endpoint) {
    public MqttConfig {
        if (endpoint == null) {
            endpoint = EndpointSettings.defaults();
        }
    }

    public static MqttConfig defaults() {
        return new MqttConfig(null, null);
    }

    public boolean usesExternalBroker() {
        return broker != null;
    }
}
