package io.ganglion.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.profiles.Reading;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.plan.Channel;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.plan.Tally;
import io.ganglion.sim.run.Recorder;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.RunStats;
import io.ganglion.sim.run.Runner;
import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.sim.testing.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MqttLinkTest {
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

    private static Plan plan(String devices) throws Exception {
        return TestScenarios.plan("name: mqtt-test\nseed: 7\nduration: 10m\ndevices:\n" + devices);
    }

    @Test
    void every_acknowledged_reading_arrives_at_qos_1_and_qos_0() throws Exception {
        Plan plan = plan("""
                  - id: one
                    count: 3
                    profile: noise-level-meter
                    firmware: 1.1.0
                    rate: 20
                    mqtt: {qos: 1}
                  - id: zero
                    count: 2
                    profile: noise-level-meter
                    firmware: 1.1.0
                    rate: 20
                    mqtt: {qos: 0}
                """);
        try (Subscriber subscriber = new Subscriber(broker)) {
            RunResult result = Runner.builder(plan).mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .runFor(Duration.ofSeconds(2)).progressEvery(Duration.ZERO, null).build().run();

            assertThat(result.totals().failed()).isZero();
            assertThat(result.totals().dropped()).isZero();
            assertThat(result.unsettled()).isZero();
            for (DeviceInfo device : plan.fleet().devices()) {
                String telemetry = "devices/" + device.id() + "/telemetry";
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(arrived(device, subscriber.on(telemetry)))
                                .isEqualTo(acknowledged(result.ledger(), device, arrived(device,
                                        subscriber.on(telemetry)).keySet())));
                assertThat(arrived(device, subscriber.on(telemetry)).get("laeq")).isGreaterThan(20);
                assertThat(new String(subscriber.on("devices/" + device.id() + "/status").get(0),
                        StandardCharsets.UTF_8)).isEqualTo("{\"firmware\": \"1.1.0\", \"state\": \"online\"}");
            }
        }
    }

    @Test
    void a_device_confirms_a_command_the_gateway_sends_it() throws Exception {
        Plan plan = plan("""
                  - id: relay
                    count: 1
                    profile: noise-level-meter
                    firmware: 1.1.0
                    rate: 2
                    mqtt: {qos: 1}
                """);
        try (Subscriber subscriber = new Subscriber(broker)) {
            Runner runner = Runner.builder(plan).mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .progressEvery(Duration.ZERO, null).build();
            java.util.concurrent.CompletableFuture<RunResult> running = runner.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.count("devices/relay-0001/status") > 0);
                org.eclipse.paho.client.mqttv3.MqttClient gateway = new org.eclipse.paho.client.mqttv3.MqttClient(
                        broker.url(), "test-gateway", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
                gateway.connect();
                try {
                    // Its subscription is made right after the CONNACK: the status proves the connection, not it.
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        gateway.publish("devices/relay-0001/commands/on", "{\"on\": 1}".getBytes(
                                StandardCharsets.UTF_8), 1, false);
                        return subscriber.count("devices/relay-0001/commands/on/ack") > 0;
                    });
                } finally {
                    gateway.disconnect();
                    gateway.close();
                }
                assertThat(new String(subscriber.on("devices/relay-0001/commands/on/ack").get(0),
                        StandardCharsets.UTF_8)).isEqualTo("{\"status\": \"ok\"}");
            } finally {
                runner.stop();
                running.get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, Long> arrived(DeviceInfo device, List<byte[]> payloads) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (byte[] payload : payloads) {
            for (Reading reading : device.profile().decodeTelemetry(device.id(), payload, 0)) {
                counts.merge(reading.metric(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Map<String, Long> acknowledged(Ledger ledger, DeviceInfo device, Iterable<String> metrics) {
        Map<String, Long> counts = new HashMap<>();
        for (String metric : metrics) {
            counts.put(metric, ledger.expectation(device.id(), metric).acknowledged());
        }
        return counts;
    }

    @Test
    void a_drop_publishes_the_last_will_and_a_persistent_session_is_resumed() throws Exception {
        Plan plan = plan("""
                  - id: keep
                    profile: noise-level-meter
                    mqtt: {qos: 1, persistentSession: true, lastWill: true}
                """);
        DeviceInfo device = plan.fleet().get(0);
        RunStats stats = new RunStats();
        Recorder recorder = new Recorder(new Ledger(), stats);
        try (Subscriber subscriber = new Subscriber(broker);
             MqttLink link = new MqttLink(null, plan.fleet().devices(), MqttSettings.of("127.0.0.1", broker.port()),
                     recorder)) {
            String status = "devices/keep-0001/status";
            link.connection(event(device, ConnectionEvent.Kind.CONNECT));
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.snapshot().connected() == 1);
            link.send(statusMessage(device));
            await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.count(status) == 1);

            link.connection(event(device, ConnectionEvent.Kind.DROP));
            await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.count(status) == 2);
            assertThat(new String(subscriber.on(status).get(1), StandardCharsets.US_ASCII)).isEqualTo("offline");

            link.connection(event(device, ConnectionEvent.Kind.RECONNECT));
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.snapshot().connected() == 1);
            assertThat(stats.snapshot().connects()).isEqualTo(2);
            assertThat(stats.snapshot().resumedSessions()).isEqualTo(1);
            assertThat(stats.snapshot().drops()).isEqualTo(1);

            link.close(Duration.ofSeconds(5));
            Thread.sleep(500);
            assertThat(subscriber.count(status)).as("a clean close sends DISCONNECT: no last will").isEqualTo(2);
        }
    }

    @Test
    void a_clean_session_is_not_resumed() throws Exception {
        Plan plan = plan("""
                  - id: fresh
                    profile: noise-level-meter
                    mqtt: {qos: 1, persistentSession: false}
                """);
        DeviceInfo device = plan.fleet().get(0);
        RunStats stats = new RunStats();
        try (MqttLink link = new MqttLink(null, plan.fleet().devices(), MqttSettings.of("127.0.0.1", broker.port()),
                new Recorder(new Ledger(), stats))) {
            link.connection(event(device, ConnectionEvent.Kind.CONNECT));
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.snapshot().connected() == 1);
            link.connection(event(device, ConnectionEvent.Kind.DROP));
            link.connection(event(device, ConnectionEvent.Kind.RECONNECT));
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.snapshot().connects() == 2
                    && stats.snapshot().connected() == 1);
            assertThat(stats.snapshot().resumedSessions()).isZero();
        }
    }

    @Test
    void a_full_queue_drops_new_messages_and_counts_them() throws Exception {
        Plan plan = plan("""
                  - id: slow
                    profile: noise-level-meter
                """);
        DeviceInfo device = plan.fleet().get(0);
        RunStats stats = new RunStats();
        Ledger ledger = new Ledger();
        MqttSettings settings = MqttSettings.of("127.0.0.1", broker.port()).withMaxInflight(1).withMaxQueued(5);
        try (MqttLink link = new MqttLink(null, plan.fleet().devices(), settings, new Recorder(ledger, stats))) {
            // Before the connection is up every message waits: five fit, the other 45 are dropped at once.
            for (int i = 0; i < 50; i++) {
                link.send(statusMessage(device));
            }
            assertThat(stats.snapshot().dropped()).isEqualTo(45);
            link.connection(event(device, ConnectionEvent.Kind.CONNECT));
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.snapshot().acknowledged() == 5);
            assertThat(stats.snapshot().delayed()).isEqualTo(5);
            assertThat(link.pending()).isZero();
        }
    }

    @Test
    void a_refused_connect_is_retried_then_given_up_and_its_messages_dropped_at_close() throws Exception {
        Plan plan = plan("""
                  - id: locked
                    profile: noise-level-meter
                """);
        DeviceInfo device = plan.fleet().get(0);
        RunStats stats = new RunStats();
        try (MosquittoBroker locked = MosquittoBroker.builder().allowAnonymous(false).start();
             MqttLink link = new MqttLink(null, plan.fleet().devices(),
                     MqttSettings.of("127.0.0.1", locked.port()).withConnectAttempts(2)
                             .withCredentials("nobody", "wrong"), new Recorder(new Ledger(), stats))) {
            link.connection(event(device, ConnectionEvent.Kind.CONNECT));
            link.send(statusMessage(device));
            await().atMost(Duration.ofSeconds(10)).until(() -> stats.snapshot().connectFailures() == 2);
            Thread.sleep(1500);
            assertThat(stats.snapshot().connectFailures()).as("gave up after 2 attempts").isEqualTo(2);
            assertThat(link.pending()).isEqualTo(1);
            link.close(Duration.ofSeconds(5));
            assertThat(link.pending()).isZero();
            assertThat(stats.snapshot().dropped()).isEqualTo(1);
            assertThat(stats.snapshot().sent()).isZero();
        }
    }

    @Test
    void settings_never_print_the_password() {
        assertThat(MqttSettings.of("h", 1883).withCredentials("sim", "s3cret").toString())
                .contains("username=sim", "password=***").doesNotContain("s3cret");
    }

    private static ConnectionEvent event(DeviceInfo device, ConnectionEvent.Kind kind) {
        return new ConnectionEvent(device.id(), device.ordinal(), 0, kind);
    }

    private static Message statusMessage(DeviceInfo device) {
        return new Message(device.id(), device.ordinal(), Channel.STATUS,
                "{\"state\": \"online\"}".getBytes(StandardCharsets.UTF_8), 1, 0, Tally.status());
    }
}
