package io.ganglion.runtime.bench;

import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.MqttConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Devices publishing straight to the gateway's own MQTT endpoint, against the same devices publishing to Mosquitto.
 * The time is from the first publish until the last acknowledgement: Mosquitto acknowledges a QoS1 message on
 * receipt, the gateway only after the message's readings are committed to SQLite. Rounds alternate.
 */
final class EndpointBenchmark {
    private final ThroughputLoad load;

    EndpointBenchmark(ThroughputLoad load) {
        this.load = load;
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("ganglion-bench-endpoint");
        List<Double> broker = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        System.out.printf("endpoint benchmark: QoS%d, %,d messages per round from %d devices, %d rounds%n", load.qos(),
                load.messages(), load.devices(), load.rounds());
        for (int round = 1; round <= load.rounds(); round++) {
            double brokerRate;
            try (BenchBroker mosquitto = BenchBroker.start(load.options().mosquitto(), work)) {
                brokerRate = publishRate(mosquitto.url());
            }
            broker.add(brokerRate);
            Path storeDir = Files.createDirectories(work.resolve("round-" + round));
            GatewayConfig base = BenchGateway.config(load.options(), "tcp://unused:1", "unused", load.qos(),
                    load.devices(), storeDir);
            // No message rate per connection: a few publishers stand for a site's many devices, and the benchmark
            // measures the endpoint's capacity against mosquitto's, not the limit.
            GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(),
                    new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null).withMessagesPerSecond(0)),
                    base.coap(), base.store(),
                    base.ingest(), base.profiles(), base.devices(), base.logging(), base.commands());
            double gatewayRate;
            long stored;
            try (Gateway endpoint = Gateway.start(config, "benchmark")) {
                gatewayRate = publishRate("tcp://127.0.0.1:" + endpoint.mqttEndpointPort().orElseThrow());
                stored = endpoint.store().readingCount();
            }
            gateway.add(gatewayRate);
            System.out.printf("  round %d: into mosquitto %,.0f msg/s, into the gateway endpoint %,.0f msg/s "
                    + "(ratio %.2f), readings stored %,d of %,d%n", round, brokerRate, gatewayRate,
                    gatewayRate / brokerRate, stored, load.messages() * 2);
        }
        double brokerMedian = Stats.median(broker);
        double gatewayMedian = Stats.median(gateway);
        System.out.printf("RESULT endpoint qos=%d messages=%d devices=%d rounds=%d mosquitto_median_msg_s=%.0f "
                        + "gateway_endpoint_median_msg_s=%.0f ratio=%.3f%n", load.qos(), load.messages(),
                load.devices(), load.rounds(),
                brokerMedian, gatewayMedian, gatewayMedian / brokerMedian);
        BenchFiles.deleteRecursively(work);
    }

    /** Publishes the load.messages() and returns load.messages() per second until the last one was acknowledged. */
    private double publishRate(String url) throws Exception {
        try (BenchPublisher publisher = new BenchPublisher(url, load.devices(), load.qos(), System.nanoTime())) {
            long start = System.nanoTime();
            publisher.publishAll(load.messages());
            return load.messages() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
