package io.ganglion.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.ledger.Expectation;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.EventStream;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.plan.SimEvent;
import io.ganglion.sim.run.Recorder;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.RunStats;
import io.ganglion.sim.run.Runner;
import io.ganglion.sim.testing.CoapSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoapLinkTest {
    private static final String KEY = "a-key-of-at-least-16-bytes";

    @Test
    void confirmable_posts_are_acknowledged_on_2xx_and_malformed_ones_rejected_with_4xx() throws Exception {
        Plan plan = TestScenarios.plan("""
                name: coap-test
                seed: 3
                devices:
                  - id: air
                    count: 3
                    profile: airq-senml-json
                    firmware: 1.3.0
                    transport: coap
                    rate: 20
                    faults: {malformed: 0.2}
                """);
        try (CoapSink sink = new CoapSink(plan.fleet(), Map.of())) {
            CoapSettings settings = new CoapSettings("127.0.0.1", sink.port(), 1, 2, 4, 256);
            RunResult result = Runner.builder(plan).coap(settings).runFor(Duration.ofSeconds(2))
                    .progressEvery(Duration.ZERO, null).build().run();

            assertThat(result.unsettled()).isZero();
            assertThat(result.totals().failed()).isZero();
            assertThat(result.totals().skipped()).isZero();
            long malformed = 0;
            for (DeviceInfo device : plan.fleet().devices()) {
                malformed += result.ledger().malformedSent(device.id());
                assertThat(sink.statuses(device.id())).as("the firmware announced at connect").isEqualTo(1);
                assertThat(sink.rejected(device.id())).isEqualTo(result.ledger().malformedSent(device.id()));
                assertThat(result.rejectedByDevice().getOrDefault(device.id(), 0L))
                        .isEqualTo(result.ledger().malformedSent(device.id()));
            }
            assertThat(malformed).isPositive();
            assertThat(result.totals().rejected()).isEqualTo(malformed);
            assertThat(result.ledger().expectations()).isNotEmpty().allSatisfy(expected -> {
                assertThat(expected.acknowledged()).isEqualTo(expected.sent()).isGreaterThan(10);
                assertThat(sink.readings(expected.deviceId(), expected.metric())).isEqualTo(expected.acknowledged());
            });
        }
    }

    @Test
    void camera_frames_are_posted_block_wise_to_the_frames_resource() throws Exception {
        Plan plan = TestScenarios.plan("""
                name: coap-camera
                seed: 3
                cameras:
                  - id: cam
                    profile: ip-camera
                    firmware: 5.4.1
                    transport: coap
                    fps: 5
                """);
        try (CoapSink sink = new CoapSink(plan.fleet(), Map.of())) {
            RunResult result = Runner.builder(plan).coap(CoapSettings.of("127.0.0.1", sink.port(), 1))
                    .runFor(Duration.ofSeconds(40)).speed(20).progressEvery(Duration.ZERO, null).build().run();

            assertThat(result.totals().failed()).isZero();
            assertThat(result.ledger().framesSent("cam-0001")).isPositive();
            assertThat(sink.frames("cam-0001")).isEqualTo(result.ledger().framesSent("cam-0001"));
        }
    }

    @Test
    void coaps_posts_with_the_devices_pre_shared_key_and_a_drop_makes_a_new_handshake() throws Exception {
        Plan plan = TestScenarios.plan("""
                name: coaps-test
                seed: 3
                devices:
                  - id: gate
                    count: 2
                    profile: relay-output
                    firmware: 1.2.0
                    transport: coaps
                    rate: 10
                    psk: {identity: "{deviceId}", secret: "%s"}
                """.formatted(KEY));
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        try (CoapSink sink = new CoapSink(plan.fleet(), Map.of("gate-0001", key, "gate-0002", key))) {
            CoapSettings settings = CoapSettings.of("127.0.0.1", 1, sink.securePort());
            RunStats stats = new RunStats();
            Ledger ledger = new Ledger();
            try (CoapLink link = new CoapLink(plan.fleet().devices(), settings, new Recorder(ledger, stats))) {
                EventStream events = plan.events();
                int telemetry = 0;
                boolean dropped = false;
                for (SimEvent event = events.next(); telemetry < 20; event = events.next()) {
                    if (event instanceof Message message) {
                        link.send(message);
                        if (message.channel() == io.ganglion.sim.plan.Channel.TELEMETRY && ++telemetry == 10) {
                            await().atMost(Duration.ofSeconds(10)).until(() -> link.pending() == 0);
                            link.connection(new ConnectionEvent(message.deviceId(), message.deviceOrdinal(),
                                    message.at(), ConnectionEvent.Kind.DROP));
                            dropped = true;
                        }
                    } else {
                        link.connection((ConnectionEvent) event);
                    }
                }
                assertThat(dropped).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> link.pending() == 0);
            }
            assertThat(stats.snapshot().acknowledged()).as("20 telemetry and 2 status posts").isEqualTo(22);
            assertThat(stats.snapshot().failed()).isZero();
            for (Expectation expected : ledger.expectations()) {
                assertThat(sink.readings(expected.deviceId(), expected.metric())).isEqualTo(expected.acknowledged());
            }
        }
    }

    @Test
    void a_wrong_key_fails_the_handshake_and_nothing_is_acknowledged() throws Exception {
        Plan plan = TestScenarios.plan("""
                name: coaps-wrong-key
                devices:
                  - id: gate
                    profile: relay-output
                    transport: coaps
                    rate: 10
                    psk: {secret: "%s"}
                """.formatted(KEY));
        byte[] other = "another-key-of-16-bytes-or-more".getBytes(StandardCharsets.UTF_8);
        try (CoapSink sink = new CoapSink(plan.fleet(), Map.of("gate-0001", other))) {
            RunResult result = Runner.builder(plan).coap(CoapSettings.of("127.0.0.1", 1, sink.securePort()))
                    .runFor(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(2))
                    .progressEvery(Duration.ZERO, null).build().run();
            assertThat(result.totals().sent()).isPositive();
            assertThat(result.totals().acknowledged()).isZero();
            assertThat(result.unsettled()).isPositive();
            assertThat(result.totals().failed()).as("unanswered when the run closed").isEqualTo(result.totals().sent());
            assertThat(sink.readings("gate-0001", "state")).isZero();
        }
    }
}
