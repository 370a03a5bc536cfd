package io.ganglion.runtime.bench;

import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.MqttConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Confirmable CoAP POSTs into the gateway's CoAP server, which answers 2.04 only after the readings are committed to
 * SQLite, against a raw Californium server that answers 2.04 at once and stores nothing. Same client, same load,
 * rounds alternate.
 */
final class CoapBenchmark {
    private final CoapLoad load;
    private final BenchOptions options;
    private final int rounds;

    CoapBenchmark(CoapLoad load, BenchOptions options, int rounds) {
        this.load = load;
        this.options = options;
        this.rounds = rounds;
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("ganglion-bench-coap");
        List<Double> raw = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        System.out.printf("coap benchmark (%s): %,d confirmable POSTs per round from %d devices, %d in flight,"
                + " %d rounds%n",
                load.dtls() ? "CoAPS, DTLS 1.2 PSK" : "plain CoAP", load.requests(), load.devices(), load.inFlight(),
                rounds);
        for (int round = 1; round <= rounds; round++) {
            CoapLoad.Outcome rawRun;
            try (RawCoapServer server = new RawCoapServer(load.dtls(), load.devices())) {
                rawRun = load.send(server.port());
            }
            raw.add(rawRun.rate());
            CoapLoad.Outcome gatewayRun;
            long stored;
            try (Gateway endpoint = Gateway.start(config(work.resolve("round-" + round)), "benchmark")) {
                gatewayRun = load.send((load.dtls() ? endpoint.coapsPort() : endpoint.coapPort()).orElseThrow());
                stored = endpoint.store().readingCount();
            }
            gateway.add(gatewayRun.rate());
            System.out.printf("  round %d: raw Californium %,.0f req/s %s, gateway %,.0f req/s %s (ratio %.2f),"
                    + " readings stored %,d of %,d%n", round, rawRun.rate(), rawRun.answers(), gatewayRun.rate(),
                    gatewayRun.answers(), gatewayRun.rate() / rawRun.rate(), stored, load.sentPerRun() * 2L);
        }
        double rawMedian = Stats.median(raw);
        double gatewayMedian = Stats.median(gateway);
        System.out.printf("RESULT coap dtls=%b requests=%d devices=%d in_flight=%d rounds=%d"
                        + " raw_californium_median_req_s=%.0f gateway_median_req_s=%.0f ratio=%.3f%n", load.dtls(),
                load.requests(), load.devices(), load.inFlight(),
                rounds, rawMedian, gatewayMedian, gatewayMedian / rawMedian);
        BenchFiles.deleteRecursively(work);
    }

    /**
     * The benchmark gateway, with its own MQTT endpoint (no broker to reach) and CoAP, both on free ports. Without the
     * per-device rate ({@code coap.deviceMessagesPerSecond: 0}): a few devices stand for the many of a site, and the
     * benchmark measures the server's capacity, not the limit.
     */
    private GatewayConfig config(Path storeDir) throws Exception {
        GatewayConfig base = BenchGateway.config(options, "tcp://unused:1", "unused", 1, load.devices(),
                Files.createDirectories(storeDir));
        return new GatewayConfig(base.gatewayId(), base.http(),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null)),
                new CoapConfig(null, "127.0.0.1", 0, 0, !load.dtls(), null, null, null, null, null, 0, keys()),
                base.store(),
                base.ingest(), base.profiles(), base.devices(), base.logging(), base.commands());
    }

    /** With CoAPS, each device's key as the configuration gives it; none for plain CoAP. */
    private Map<String, String> keys() {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; load.dtls() && i < load.devices(); i++) {
            keys.put(BenchPublisher.deviceId(i), CoapLoad.key(i));
        }
        return keys;
    }
}
