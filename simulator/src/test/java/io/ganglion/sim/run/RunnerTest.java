package io.ganglion.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ganglion.sim.ledger.Expectation;
import io.ganglion.sim.ledger.PinExpectation;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.scenario.ScenarioLoader;
import io.ganglion.sim.scenario.ShippedScenarios;
import io.ganglion.sim.scenario.Transport;
import io.ganglion.sim.testing.CoapSink;
import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.sim.testing.Subscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunnerTest {
    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Plan intersection() throws Exception {
        return Plan.of(new ScenarioLoader().loadShipped(ShippedScenarios.INTERSECTION), Instant.now());
    }

    @Test
    void plays_the_intersection_over_mqtt_and_coap_and_skips_gpio_without_a_hook() throws Exception {
        Plan plan = intersection();
        List<Progress> reports = new CopyOnWriteArrayList<>();
        try (CoapSink coap = new CoapSink(plan.fleet(), Map.of());
             Subscriber subscriber = new Subscriber(broker)) {
            RunResult result = Runner.builder(plan)
                    .mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .coap(CoapSettings.of("127.0.0.1", coap.port(), 1))
                    .speed(20).runFor(Duration.ofSeconds(60))
                    .progressEvery(Duration.ofMillis(500), reports::add)
                    .build().run();

            assertThat(result.notSimulated()).hasSize(8).allMatch(id -> id.startsWith("loop-"));
            assertThat(result.stopped()).isFalse();
            assertThat(result.simulatedTo()).isEqualTo(result.simulatedFrom().plusSeconds(60));
            assertThat(result.unsettled()).isZero();
            RunStats.Snapshot totals = result.totals();
            assertThat(totals.failed()).isZero();
            assertThat(totals.dropped()).isZero();
            assertThat(totals.connectFailures()).isZero();
            assertThat(totals.connects()).as("noise, signal and cameras").isEqualTo(9);
            assertThat(totals.skipped()).as("loop telemetry").isPositive();
            assertThat(totals.acknowledged() + totals.rejected()).isEqualTo(totals.sent());
            // 2 fps from its connect, somewhere in its first telemetry interval
            assertThat(result.ledger().framesSent("cam-0001")).isBetween(1L, 121L);
            assertThat(subscriber.count("devices/cam-0001/frames")).isPositive();
            for (DeviceInfo device : plan.fleet().devices()) {
                if (device.transport() == Transport.COAP) {
                    assertThat(coap.rejected(device.id())).isEqualTo(result.ledger().malformedSent(device.id()));
                }
            }
            for (Expectation expected : result.ledger().expectations()) {
                assertThat(expected.acknowledged()).as(expected.toString()).isEqualTo(expected.sent());
                assertThat(expected.deviceId()).doesNotStartWith("loop-");
            }
            assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
            assertThat(reports.get(reports.size() - 1).describe()).contains("sent", "acknowledged", "lag");
        }
    }

    @Test
    void gpio_devices_go_to_the_hook_of_an_in_process_caller() throws Exception {
        Plan plan = intersection();
        List<Message> applied = new CopyOnWriteArrayList<>();
        GpioPins pins = (device, message, outcome) -> {
            applied.add(message);
            outcome.acknowledged();
        };
        try (CoapSink coap = new CoapSink(plan.fleet(), Map.of())) {
            RunResult result = Runner.builder(plan)
                    .mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .coap(CoapSettings.of("127.0.0.1", coap.port(), 1))
                    .gpio(pins).speed(50).runFor(Duration.ofSeconds(30))
                    .progressEvery(Duration.ZERO, null).build().run();

            assertThat(result.notSimulated()).isEmpty();
            assertThat(applied).isNotEmpty().allMatch(m -> m.deviceId().startsWith("loop-"));
            // The gateway reports pins in windows of its own: their readings are accounted apart, the vehicles
            // (the count of the loop's counter pin) by their sum.
            assertThat(result.ledger().expectation("loop-0001", "vehicles").sent()).isZero();
            assertThat(result.ledger().pinExpectations()).filteredOn(p -> p.deviceId().equals("loop-0001"))
                    .extracting(PinExpectation::metric, PinExpectation::counter)
                    .containsExactly(tuple("loop_fault", false), tuple("occupancy", false), tuple("vehicles", true));
            PinExpectation vehicles = result.ledger().pinExpectations().stream()
                    .filter(p -> p.deviceId().equals("loop-0001") && p.metric().equals("vehicles")).findFirst()
                    .orElseThrow();
            assertThat(vehicles.acknowledged()).isPositive().isEqualTo(vehicles.sent());
            assertThat(vehicles.sumPlayed()).isEqualTo(applied.stream().filter(m -> m.deviceId().equals("loop-0001"))
                    .flatMap(m -> m.tally().readings().stream()).filter(r -> r.metric().equals("vehicles"))
                    .mapToDouble(r -> r.value()).sum());
        }
    }

    @Test
    void stop_ends_a_run_until_stopped_and_closes_cleanly() throws Exception {
        Plan plan = intersection();
        try (CoapSink coap = new CoapSink(plan.fleet(), Map.of())) {
            Runner runner = Runner.builder(plan)
                    .mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .coap(CoapSettings.of("127.0.0.1", coap.port(), 1))
                    .progressEvery(Duration.ZERO, null).build();
            CompletableFuture<RunResult> running = runner.start();
            Thread.sleep(1500);
            runner.stop();
            RunResult result = running.get(20, TimeUnit.SECONDS);
            assertThat(result.stopped()).isTrue();
            assertThat(result.totals().connected()).isZero();
            assertThat(result.totals().sent()).isPositive();
        }
    }

    @Test
    void a_scenario_with_mqtt_devices_needs_an_mqtt_target() throws Exception {
        Plan plan = intersection();
        assertThatThrownBy(() -> Runner.builder(plan).coap(CoapSettings.of("127.0.0.1", 5683, 5684)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT devices").hasMessageContaining("give an MQTT target");
    }
}
