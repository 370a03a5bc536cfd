package io.ganglion.runtime.metrics;

import io.ganglion.drivers.Driver;
import io.ganglion.drivers.mqtt.BrokerSubscriberDriver;
import io.ganglion.drivers.mqtt.EmbeddedEndpointDriver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exposes the MQTT driver's own counters as {@code ganglion_mqtt_*} meters. The drivers keep plain counters and know
 * nothing of Micrometer; this binder reads them at scrape time.
 */
public final class MqttDriverMetrics {
    private MqttDriverMetrics() {
    }

    public static void bind(Driver driver, MeterRegistry registry) {
        if (driver instanceof BrokerSubscriberDriver broker) {
            Gauge.builder("ganglion.mqtt.connected", broker, b -> b.connected() ? 1 : 0)
                    .description("1 while the gateway is connected to its MQTT broker").register(registry);
            FunctionCounter.builder("ganglion.mqtt.reconnects", broker, BrokerSubscriberDriver::reconnectCount)
                    .description("Reconnections to the MQTT broker").register(registry);
            Gauge.builder("ganglion.mqtt.inflight", broker, BrokerSubscriberDriver::inFlight)
                    .description("Messages handed to the store but not yet acknowledged").register(registry);
            FunctionCounter.builder("ganglion.mqtt.unrouted", broker, BrokerSubscriberDriver::unroutedCount)
                    .description("Messages on topics that are not device topics").register(registry);
            FunctionCounter.builder("ganglion.mqtt.store.failures", broker, BrokerSubscriberDriver::storeFailureCount)
                    .description("Messages not acknowledged because the store failed; redelivered").register(registry);
        } else if (driver instanceof EmbeddedEndpointDriver endpoint) {
            Gauge.builder("ganglion.mqtt.connections", endpoint, EmbeddedEndpointDriver::connectionCount)
                    .description("Devices connected to the gateway's MQTT endpoint").register(registry);
            Gauge.builder("ganglion.mqtt.inflight", endpoint, EmbeddedEndpointDriver::inFlight)
                    .description("Messages handed to the store but not yet acknowledged").register(registry);
            FunctionCounter.builder("ganglion.mqtt.unrouted", endpoint, EmbeddedEndpointDriver::unroutedCount)
                    .description("Messages on topics that are not device topics").register(registry);
            FunctionCounter.builder("ganglion.mqtt.store.failures", endpoint,
                            EmbeddedEndpointDriver::storeFailureCount)
                    .description("Messages not acknowledged because the store failed; the device resends")
                    .register(registry);
            FunctionCounter.builder("ganglion.mqtt.protocol.errors", endpoint,
                            EmbeddedEndpointDriver::protocolErrorCount)
                    .description("Connections closed for protocol violations or oversize messages")
                    .register(registry);
            FunctionCounter.builder("ganglion.mqtt.refused.connections", endpoint,
                            EmbeddedEndpointDriver::refusedConnections)
                    .description("CONNECTs refused: bad client id or user name, unknown device, wrong password")
                    .register(registry);
            FunctionCounter.builder("ganglion.mqtt.limit.refusals", endpoint, EmbeddedEndpointDriver::limitRefusals)
                    .description("Connections, topics, subscriptions and sessions refused beyond mqtt.endpoint.limits")
                    .register(registry);
            FunctionCounter.builder("ganglion.mqtt.rate.limited", endpoint, EmbeddedEndpointDriver::rateLimitedCount)
                    .description("Times a connection went over mqtt.endpoint.limits.messagesPerSecond and was not"
                            + " read until its rate allowed more").register(registry);
            FunctionCounter.builder("ganglion.mqtt.denied", endpoint, EmbeddedEndpointDriver::deniedAccess)
                    .description("PUBLISHes and subscriptions refused because they are another device's topics")
                    .register(registry);
        }
    }
}
