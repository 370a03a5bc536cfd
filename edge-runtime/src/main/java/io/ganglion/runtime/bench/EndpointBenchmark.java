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
    private final BenchOptions options;
    private final int qos;
    private final long messages;
    private final int devices;
    private final int rounds;

    EndpointBenchmark(ThroughputLoad load) {
        this.options = load.options();
        this.qos = load.qos();
        this.messages = load.messages();
        this.devices = load.devices();
        this.rounds = load.rounds();
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("ganglion-bench-endpoint");
        List<Double> broker = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        System.out.printf("endpoint benchmark: QoS%d, %,d messages per round from %d devices, %d rounds%n", qos,
                messages, devices, rounds);
        for (int round = 1; round <= rounds; round++) {
            double brokerRate;
            try (BenchBroker mosquitto = BenchBroker.start(options.mosquitto(), work)) {
                brokerRate = publishRate(mosquitto.url());
            }
            broker.add(brokerRate);
            Path storeDir = Files.createDirectories(work.resolve("round-" + round));
            GatewayConfig base = BenchGateway.config(options, "tcp://unused:1", "unused", qos, devices, storeDir);
            GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(),
                    new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null)), base.store(),
                    base.ingest(), base.devices(), base.logging());
            double gatewayRate;
            long stored;
            try (Gateway endpoint = Gateway.start(config, "benchmark")) {
                gatewayRate = publishRate("tcp://127.0.0.1:" + endpoint.mqttEndpointPort().orElseThrow());
                stored = endpoint.store().readingCount();
            }
            gateway.add(gatewayRate);
            System.out.printf("  round %d: into mosquitto %,.0f msg/s, into the gateway endpoint %,.0f msg/s "
                    + "(ratio %.2f), readings stored %,d of %,d%n", round, brokerRate, gatewayRate,
                    gatewayRate / brokerRate, stored, messages * 2);
        }
        double brokerMedian = Stats.median(broker);
        double gatewayMedian = Stats.median(gateway);
        System.out.printf("RESULT endpoint qos=%d messages=%d devices=%d rounds=%d mosquitto_median_msg_s=%.0f "
                        + "gateway_endpoint_median_msg_s=%.0f ratio=%.3f%n", qos, messages, devices, rounds,
                brokerMedian, gatewayMedian, gatewayMedian / brokerMedian);
        BenchFiles.deleteRecursively(work);
    }

    /** Publishes the messages and returns messages per second until the last one was acknowledged. */
    private double publishRate(String url) throws Exception {
        try (BenchPublisher publisher = new BenchPublisher(url, devices, qos, System.nanoTime())) {
            long start = System.nanoTime();
            publisher.publishAll(messages);
            return messages / ((System.nanoTime() - start) / 1e9);
        }
    }
}
