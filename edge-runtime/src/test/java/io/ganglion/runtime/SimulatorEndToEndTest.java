package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.VisionConfig;
import io.ganglion.sim.check.CheckReport;
import io.ganglion.sim.check.EndOfRunCheck;
import io.ganglion.sim.check.GatewayClient;
import io.ganglion.sim.ledger.RejectionCheck;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.Runner;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator against a real gateway behind a real Mosquitto (and on its CoAP port): what the gateway
 * acknowledged, its store holds once; what the simulator made malformed, the gateway rejected and counted.
 */
class SimulatorEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorEndToEndTest.class);
    /** How long the gateway may take to store what Mosquitto still forwards after the run. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    /** MQTT QoS 1 JSON and CoAP SenML devices, every second, with malformed messages and duplicates. */
    private static final String FAULTY = """
            name: faulty-street
            seed: 7
            devices:
              - id: noise
                count: 3
                profile: noise-level-meter
                firmware: 1.1.0
                interval: 1s
                mqtt: {qos: 1}
                faults: {malformed: 0.1, duplicate: 0.1}
              - id: air
                count: 3
                profile: airq-senml-json
                firmware: 1.3.0
                transport: coap
                interval: 1s
                faults: {malformed: 0.1, duplicate: 0.05}
            """;

    @TempDir
    Path dir;

    @Test
    void the_factory_without_faults_arrives_with_zero_loss_and_zero_duplicates() throws Exception {
        Plan plan = Plan.of(new ScenarioLoader().loadText(SimulatedSite.shippedWithoutFaults("factory"),
                Path.of("factory-without-faults.yaml"), null), Instant.now());

        Outcome outcome = play(plan, 2.0, Duration.ofSeconds(20));

        CheckReport report = outcome.report();
        assertThat(report.passed()).as(String.join("\n", report.describe(false))).isTrue();
        assertThat(report.summary().metrics()).as("device metrics checked").isGreaterThanOrEqualTo(16 * 4);
        assertThat(report.summary().exact()).as("metrics stored exactly as acknowledged")
                .isEqualTo(report.summary().metrics());
        assertThat(outcome.result().totals().acknowledged()).as("messages acknowledged").isGreaterThan(2_000);
        assertThat(outcome.result().totals().errors()).isZero();
    }

    @Test
    void the_intersection_without_faults_arrives_with_zero_loss_and_zero_duplicates() throws Exception {
        Plan plan = Plan.of(new ScenarioLoader().loadText(SimulatedSite.shippedWithoutFaults("intersection"),
                Path.of("intersection-without-faults.yaml"), null), Instant.now());

        // 2 simulated minutes: the air-quality nodes send every minute, from a start spread over their first one.
        Outcome outcome = play(plan, 8.0, Duration.ofMinutes(2));

        CheckReport report = outcome.report();
        assertThat(report.passed()).as(String.join("\n", report.describe(false))).isTrue();
        assertThat(report.summary().exact()).as("metrics stored exactly as acknowledged")
                .isEqualTo(report.summary().metrics());
        assertThat(report.rejections()).as("devices checked: all but the 8 GPIO loop detectors").hasSize(13);
        assertThat(outcome.result().notSimulated()).as("GPIO devices without a hook").hasSize(8);
    }

    @Test
    void malformed_messages_are_rejected_and_counted_and_duplicates_stay_within_the_rule() throws Exception {
        Plan plan = Plan.of(new ScenarioLoader().loadText(FAULTY, Path.of("faulty-street.yaml"), null),
                Instant.now());

        Outcome outcome = play(plan, 4.0, Duration.ofSeconds(60));

        CheckReport report = outcome.report();
        assertThat(report.passed()).as(String.join("\n", report.describe(false))).isTrue();
        assertThat(report.rejections()).hasSize(6).allMatch(RejectionCheck::passed);
        long malformed = report.rejections().stream().mapToLong(RejectionCheck::malformedSent).sum();
        long duplicates = outcome.result().ledger().expectations().stream().mapToLong(e -> e.duplicatesSent()).sum();
        LOG.info("{} malformed messages sent and rejected, {} duplicate readings sent", malformed, duplicates);
        assertThat(malformed).as("malformed messages sent").isPositive();
        assertThat(duplicates).as("duplicate readings sent").isPositive();
    }

    record Outcome(RunResult result, CheckReport report) {
    }

    /** Starts Mosquitto and a gateway with the plan's devices, plays the plan and checks the store. */
    private Outcome play(Plan plan, double speed, Duration length) throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            GatewayConfig base = GatewayFixture.broker(dir, broker.url(), "gw-sim");
            GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), base.coap(),
                    base.store(), base.ingest(), base.profiles(), SimulatedSite.devices(plan), base.logging(),
                    base.commands());
            if (plan.fleet().devices().stream().anyMatch(DeviceInfo::camera)) {
                // The profile's cameras detect with the model 'vehicles': the real one, on one worker.
                config = config.withVision(new VisionConfig(List.of(VisionFixture.vehicles()), 1, null, null));
            }
            try (Gateway gateway = Gateway.start(config, "test")) {
                RunResult result = Runner.builder(plan)
                        .mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                        .coap(CoapSettings.of("127.0.0.1", gateway.coapPort().orElseThrow(),
                                gateway.coapsPort().orElse(5684)))
                        .speed(speed)
                        .runFor(length)
                        .progressEvery(Duration.ofSeconds(5), p -> LOG.info("{}", p.describe()))
                        .build().run();
                LOG.info("{} run: {}", plan.scenario().name(), result.totals());
                // Payloads without a device time (the factory's meter and part counters) carry the receive time.
                Duration slack = Duration.ofSeconds(5).plus(length);
                EndOfRunCheck check = new EndOfRunCheck(new GatewayClient(
                        URI.create("http://127.0.0.1:" + gateway.httpPort()), Duration.ofSeconds(10)), slack, 8);
                CheckReport report = check.check(result.ledger());
                long deadline = System.nanoTime() + SETTLE.toNanos();
                while (!report.passed() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(250);
                    report = check.check(result.ledger());
                }
                report.describe(false).forEach(line -> LOG.info("check: {}", line));
                return new Outcome(result, report);
            }
        }
    }
}
