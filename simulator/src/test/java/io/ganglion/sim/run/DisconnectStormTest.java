package io.ganglion.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.profiles.Reading;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.ledger.Expectation;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.sim.testing.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A plan's disconnect storms against a real Mosquitto: last wills, resumed sessions, and nothing acknowledged lost. */
class DisconnectStormTest {

    @Test
    void every_drop_publishes_a_last_will_and_every_acknowledged_reading_arrives() throws Exception {
        Plan plan = TestScenarios.plan("""
                name: storms
                seed: 9
                devices:
                  - id: node
                    count: 4
                    profile: noise-level-meter
                    firmware: 1.1.0
                    interval: 100ms
                    mqtt: {qos: 1, persistentSession: true, lastWill: true}
                    faults:
                      disconnects: {every: 2s, fraction: 1, for: 500ms}
                """);
        try (MosquittoBroker broker = MosquittoBroker.start(); Subscriber subscriber = new Subscriber(broker)) {
            RunResult result = Runner.builder(plan).mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .runFor(Duration.ofMillis(5500)).progressEvery(Duration.ZERO, null).build().run();

            RunStats.Snapshot totals = result.totals();
            assertThat(totals.drops()).as("two storms of every device").isEqualTo(8);
            assertThat(totals.connects()).isEqualTo(4 + 8);
            assertThat(totals.resumedSessions()).as("each reconnect finds its session").isEqualTo(8);
            assertThat(totals.connectFailures()).isZero();
            for (DeviceInfo device : plan.fleet().devices()) {
                String status = "devices/" + device.id() + "/status";
                await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.on(status).stream()
                        .filter(p -> new String(p, StandardCharsets.US_ASCII).equals("offline")).count() == 2);
                assertThat(subscriber.count(status)).as("3 announcements and 2 last wills").isEqualTo(5);
                long arrived = 0;
                for (byte[] payload : subscriber.on("devices/" + device.id() + "/telemetry")) {
                    for (Reading reading : device.profile().decodeTelemetry(device.id(), payload, 0)) {
                        arrived += reading.metric().equals("laeq") ? 1 : 0;
                    }
                }
                Expectation expected = result.ledger().expectation(device.id(), "laeq");
                assertThat(arrived).as(expected.toString()).isBetween(expected.acknowledged(), expected.sent());
                assertThat(expected.check(arrived).passed()).isTrue();
            }
        }
    }
}
