package io.ganglion.runtime.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingest throughput, gateway against the raw broker, in one run. Each round queues the same backlog of messages in a
 * private Mosquitto for a persistent session, then lets the subscriber drain it: first {@code mosquitto_sub} (the
 * raw rate), then the gateway (messages whose readings are committed to SQLite, acknowledged after commit for QoS1).
 * Draining a backlog measures the subscriber, not the publisher. Rounds alternate so that machine noise hits both.
 */
final class IngestBenchmark {
    private final ThroughputLoad load;

    IngestBenchmark(ThroughputLoad load) {
        this.load = load;
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("ganglion-bench-ingest");
        List<Double> raw = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        System.out.printf("ingest benchmark: QoS%d, %,d messages per round from %d devices, %d rounds%n",
                load.qos(), load.messages(), load.devices(), load.rounds());
        try (BenchBroker broker = BenchBroker.start(load.options().mosquitto(), work)) {
            for (int round = 1; round <= load.rounds(); round++) {
                double rawRate = rawRound(broker, round);
                raw.add(rawRate);
                Path storeDir = Files.createDirectories(work.resolve("round-" + round));
                GatewayRound result = gatewayRound(broker, round, storeDir);
                gateway.add(result.rate);
                lost += result.lost;
                duplicated += result.duplicated;
                System.out.printf("  round %d: raw mosquitto_sub %,.0f msg/s, gateway %,.0f msg/s committed "
                        + "(ratio %.2f), lost %d, duplicated %d%n", round, rawRate, result.rate,
                        result.rate / rawRate, result.lost, result.duplicated);
            }
        }
        double rawMedian = Stats.median(raw);
        double gatewayMedian = Stats.median(gateway);
        System.out.printf("RESULT ingest qos=%d messages=%d devices=%d rounds=%d raw_median_msg_s=%.0f "
                        + "gateway_median_msg_s=%.0f ratio=%.3f lost=%d duplicated=%d%n", load.qos(), load.messages(),
                load.devices(),
                load.rounds(), rawMedian, gatewayMedian, gatewayMedian / rawMedian, lost, duplicated);
        BenchFiles.deleteRecursively(work);
    }

    private double rawRound(BenchBroker broker, int round) throws Exception {
        String clientId = "raw-" + round;
        RawSubscriber subscriber = new RawSubscriber(load.options().mosquittoSub(), broker.port(), load.qos());
        subscriber.createSession(clientId);
        broker.publishBacklog(load);
        return load.messages() / subscriber.drain(clientId, load.messages());
    }

    private record GatewayRound(double rate, long lost, long duplicated) {
    }

    private GatewayRound gatewayRound(BenchBroker broker, int round, Path storeDir) throws Exception {
        String clientId = "gateway-" + round;
        broker.createGatewaySession(clientId, load.qos());
        broker.publishBacklog(load);
        long expectedReadings = load.messages() * 2; // temperature and sent_us per message
        CpuAccount cpu = new CpuAccount(broker.pid());
        try (BenchGateway gateway = BenchGateway.start(
                BenchGateway.config(load.options(), broker.url(), clientId, load.qos(), load.devices(), storeDir),
                readings -> { })) {
            boolean complete = gateway.awaitCommitted(expectedReadings, 300);
            Thread.sleep(200); // let any redelivered duplicates show up before counting
            long stored = gateway.gateway().store().readingCount();
            long lost = Math.max(0, expectedReadings - stored) / 2;
            long duplicated = Math.max(0, stored - expectedReadings) / 2;
            System.out.println("  store: " + gateway.storeSummary());
            System.out.println(cpu.report(load.messages()));
            if (!complete) {
                System.out.printf("  round %d: gateway committed only %,d of %,d readings within 300 s%n",
                        round, gateway.committed(), expectedReadings);
            }
            return new GatewayRound(load.messages() / gateway.firstToLastCommitSeconds(), lost, duplicated);
        }
    }
}
