package io.ganglion.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.ledger.Expectation;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.Runner;
import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.sim.testing.Subscriber;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** 2,000 devices connect at once to a real Mosquitto (paced), each sends for three seconds, nothing is lost. */
class MqttScaleTest {
    private static final int DEVICES = 2000;

    @Test
    void two_thousand_devices_connect_and_every_acknowledged_message_arrives() throws Exception {
        Plan plan = TestScenarios.plan("""
                name: scale
                seed: 11
                devices:
                  - id: node
                    count: %d
                    profile: noise-level-meter
                    firmware: 1.1.0
                    interval: 1s
                    mqtt: {qos: 1, persistentSession: true}
                """.formatted(DEVICES));
        try (MosquittoBroker broker = MosquittoBroker.start(); Subscriber subscriber = new Subscriber(broker)) {
            RunResult result = Runner.builder(plan).mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .runFor(Duration.ofSeconds(3)).progressEvery(Duration.ZERO, null).build().run();

            assertThat(result.totals().connects()).isEqualTo(DEVICES);
            assertThat(result.totals().connectFailures()).isZero();
            assertThat(result.totals().failed()).isZero();
            assertThat(result.totals().dropped()).isZero();
            assertThat(result.unsettled()).isZero();
            long acknowledged = result.ledger().expectations().stream().filter(e -> e.metric().equals("laeq"))
                    .mapToLong(Expectation::acknowledged).sum();
            assertThat(acknowledged).isGreaterThanOrEqualTo(2L * DEVICES);
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived(subscriber) == acknowledged);
            assertThat(result.totals().acknowledged()).as("telemetry and a status each")
                    .isEqualTo(acknowledged + DEVICES);
        }
    }

    private static long arrived(Subscriber subscriber) {
        long count = 0;
        for (int i = 1; i <= DEVICES; i++) {
            count += subscriber.count("devices/node-%04d/telemetry".formatted(i));
        }
        return count;
    }
}
