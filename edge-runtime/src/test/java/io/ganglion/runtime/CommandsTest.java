package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static io.ganglion.runtime.GatewayFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.runtime.config.CommandsConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands end to end: REST request, store, the MQTT driver, a real Paho device, its acknowledgement; refusals with
 * their statuses; offline devices, expiry and the bounded waiting queues; and one run through a real Mosquitto.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<DeviceConfig> RELAYS = List.of(new DeviceConfig("relay-1", "relay-output"),
            new DeviceConfig("relay-2", "relay-output"), new DeviceConfig("relay-3", "relay-output"),
            new DeviceConfig("plain-1", "json-telemetry"));

    @TempDir
    Path dir;

    @Test
    void a_subscribed_device_gets_the_encoded_payload_and_its_ack_completes_the_command() throws Exception {
        try (Gateway gateway = Gateway.start(config(CommandsConfig.defaults()), "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "relay-1")) {
            List<String> received = listen(device);

            var response = post(gateway, "/api/v1/devices/relay-1/commands/pulse",
                    "{\"parameters\": {\"duration\": 1500}, \"ttl\": \"1m\"}");

            assertThat(response.status()).isEqualTo(202);
            JsonObject accepted = response.json();
            assertThat(accepted.getString("status")).isEqualTo("pending");
            assertThat(accepted.getString("address")).isEqualTo("devices/relay-1/commands/pulse");
            assertThat(accepted.getLong("expiresAt") - accepted.getLong("createdAt")).isEqualTo(60_000);
            String id = accepted.getString("id");
            await().atMost(WAIT).until(() -> received.size() == 1);
            assertThat(received.get(0)).startsWith("devices/relay-1/commands/pulse ");
            assertThat(new JsonObject(received.get(0).substring(received.get(0).indexOf(' ') + 1)))
                    .isEqualTo(new JsonObject().put("on", 1).put("pulse_ms", 1500));
            await().atMost(WAIT).until(() -> status(gateway, id).equals("delivered"));

            device.sendTo("devices/relay-1/commands/pulse/ack", bytes("{\"status\": \"ok\", \"detail\": \"done\"}"), 1);

            await().atMost(WAIT).until(() -> status(gateway, id).equals("acknowledged"));
            JsonObject done = get(gateway, "/api/v1/commands/" + id).json();
            assertThat(done.getString("detail")).isEqualTo("done");
            assertThat(done.getJsonObject("parameters")).isEqualTo(new JsonObject().put("duration", 1500));
            JsonArray listed = get(gateway, "/api/v1/devices/relay-1/commands").json().getJsonArray("commands");
            assertThat(listed).hasSize(1);
            assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(id);
        }
    }

    @Test
    void a_device_that_answers_error_makes_the_command_failed_and_an_ack_for_nothing_is_rejected() throws Exception {
        try (Gateway gateway = Gateway.start(config(CommandsConfig.defaults()), "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "relay-1")) {
            listen(device);
            String id = post(gateway, "/api/v1/devices/relay-1/commands/on", "{}").json().getString("id");
            await().atMost(WAIT).until(() -> status(gateway, id).equals("delivered"));

            device.sendTo("devices/relay-1/commands/on/ack",
                    bytes("{\"status\": \"error\", \"command\": \"" + id + "\", \"detail\": \"coil open\"}"), 1);
            await().atMost(WAIT).until(() -> status(gateway, id).equals("failed"));
            assertThat(get(gateway, "/api/v1/commands/" + id).json().getString("detail")).isEqualTo("coil open");

            device.sendTo("devices/relay-1/commands/off/ack", bytes("{\"status\": \"ok\"}"), 1);
            JsonObject rejected = get(gateway, "/api/v1/rejected?limit=1").json().getJsonArray("rejected")
                    .getJsonObject(0);
            assertThat(rejected.getString("address")).isEqualTo("devices/relay-1/commands/off/ack");
            assertThat(rejected.getString("detail")).contains("no delivered command 'off'");
        }
    }

    @Test
    void refusals_say_why_with_their_status() throws Exception {
        try (Gateway gateway = Gateway.start(config(CommandsConfig.defaults()), "test")) {
            var outOfRange = post(gateway, "/api/v1/devices/relay-1/commands/pulse",
                    "{\"parameters\": {\"duration\": 5}}");
            assertThat(outOfRange.status()).isEqualTo(400);
            assertThat(outOfRange.json().getString("error")).startsWith("out_of_range:").contains("duration");

            var wrongType = post(gateway, "/api/v1/devices/relay-1/commands/pulse",
                    "{\"parameters\": {\"duration\": \"1500\"}}");
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(wrongType.json().getString("error")).startsWith("wrong_type:");

            var missing = post(gateway, "/api/v1/devices/relay-1/commands/pulse", "{}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().getString("error")).startsWith("missing_parameter:");

            var badTtl = post(gateway, "/api/v1/devices/relay-1/commands/on", "{\"ttl\": \"soon\"}");
            assertThat(badTtl.status()).isEqualTo(400);
            assertThat(badTtl.json().getString("error")).contains("'ttl'");

            var notJson = post(gateway, "/api/v1/devices/relay-1/commands/on", "on please");
            assertThat(notJson.status()).isEqualTo(400);

            var unknownCommand = post(gateway, "/api/v1/devices/relay-1/commands/explode", "{}");
            assertThat(unknownCommand.status()).isEqualTo(404);
            assertThat(unknownCommand.json().getString("error")).contains("explode").contains("pulse");

            assertThat(post(gateway, "/api/v1/devices/nobody/commands/on", "{}").status()).isEqualTo(404);
            assertThat(get(gateway, "/api/v1/devices/nobody/commands").status()).isEqualTo(404);
            assertThat(get(gateway, "/api/v1/commands/no-such-id").status()).isEqualTo(404);

            var noCommands = post(gateway, "/api/v1/devices/plain-1/commands/on", "{}");
            assertThat(noCommands.status()).isEqualTo(409);
            assertThat(noCommands.json().getString("error")).contains("declares no commands");

            // A body over 64 KiB is refused before it is read whole, and before any of it is parsed.
            var tooLarge = post(gateway, "/api/v1/devices/relay-1/commands/on",
                    "{\"note\": \"" + "x".repeat(65 * 1024) + "\"}");
            assertThat(tooLarge.status()).isEqualTo(413);

            assertThat(get(gateway, "/api/v1/devices/relay-1/commands").json().getInteger("count")).isZero();
        }
    }

    @Test
    void a_command_for_an_offline_device_waits_and_is_delivered_when_the_device_listens() throws Exception {
        try (Gateway gateway = Gateway.start(config(CommandsConfig.defaults()), "test")) {
            String id = post(gateway, "/api/v1/devices/relay-1/commands/off", "{}").json().getString("id");
            await().atMost(WAIT).until(() -> get(gateway, "/api/v1/commands/" + id).json().getString("detail")
                    .contains("no connected client"));
            assertThat(status(gateway, id)).isEqualTo("pending");

            try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "relay-1")) {
                List<String> received = listen(device);
                // The subscription itself triggers the send: the retry interval (10 s by default) is not awaited.
                await().atMost(Duration.ofSeconds(5)).until(() -> status(gateway, id).equals("delivered"));
                assertThat(received).containsExactly("devices/relay-1/commands/off {\"on\":0}");
            }
        }
    }

    @Test
    void a_command_not_delivered_within_its_ttl_expires_visibly() throws Exception {
        CommandsConfig fast = new CommandsConfig(null, null, null, null, Duration.ofMillis(50));
        try (Gateway gateway = Gateway.start(config(fast), "test")) {
            String id = post(gateway, "/api/v1/devices/relay-1/commands/on", "{\"ttl\": \"300ms\"}").json()
                    .getString("id");
            await().atMost(WAIT).until(() -> status(gateway, id).equals("expired"));
            assertThat(get(gateway, "/api/v1/commands/" + id).json().getString("detail"))
                    .contains("not delivered within its ttl");
            assertThat(metric(gateway, "ganglion_commands_total{status=\"expired\"}")).isEqualTo(1);
            assertThat(metric(gateway, "ganglion_commands_waiting")).isZero();

            // An expired command is not sent to a device that comes later.
            try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "relay-1")) {
                List<String> received = listen(device);
                String marker = post(gateway, "/api/v1/devices/relay-1/commands/off", "{}").json().getString("id");
                await().atMost(WAIT).until(() -> status(gateway, marker).equals("delivered"));
                assertThat(received).containsExactly("devices/relay-1/commands/off {\"on\":0}");
            }
        }
    }

    @Test
    void waiting_commands_are_bounded_per_device_and_in_total() throws Exception {
        CommandsConfig small = new CommandsConfig(null, null, 2, 3, null);
        try (Gateway gateway = Gateway.start(config(small), "test")) {
            assertThat(post(gateway, "/api/v1/devices/relay-1/commands/on", "{}").status()).isEqualTo(202);
            assertThat(post(gateway, "/api/v1/devices/relay-1/commands/off", "{}").status()).isEqualTo(202);
            var deviceFull = post(gateway, "/api/v1/devices/relay-1/commands/on", "{}");
            assertThat(deviceFull.status()).isEqualTo(429);
            assertThat(deviceFull.json().getString("error")).contains("commands.maxPendingPerDevice");

            assertThat(post(gateway, "/api/v1/devices/relay-2/commands/on", "{}").status()).isEqualTo(202);
            var gatewayFull = post(gateway, "/api/v1/devices/relay-3/commands/on", "{}");
            assertThat(gatewayFull.status()).isEqualTo(503);
            assertThat(gatewayFull.json().getString("error")).contains("commands.maxPendingTotal");
            assertThat(metric(gateway, "ganglion_commands_waiting")).isEqualTo(3);
            assertThat(metric(gateway, "ganglion_commands_total{status=\"pending\"}")).isEqualTo(3);

            // Delivering frees the places.
            try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "relay-1")) {
                listen(device);
                await().atMost(WAIT).until(() -> get(gateway, "/api/v1/devices/relay-1/commands").json()
                        .getJsonArray("commands").stream().allMatch(c -> ((JsonObject) c).getString("status")
                                .equals("delivered")));
                assertThat(post(gateway, "/api/v1/devices/relay-3/commands/on", "{}").status()).isEqualTo(202);
            }
        }
    }

    @Test
    void a_waiting_command_survives_a_restart() throws Exception {
        GatewayConfig config = config(CommandsConfig.defaults());
        String id;
        try (Gateway gateway = Gateway.start(config, "test")) {
            id = post(gateway, "/api/v1/devices/relay-1/commands/on", "{}").json().getString("id");
        }
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "relay-1")) {
            List<String> received = listen(device);
            await().atMost(WAIT).until(() -> status(gateway, id).equals("delivered"));
            assertThat(received).containsExactly("devices/relay-1/commands/on {\"on\":1}");
        }
    }

    @Test
    void through_a_broker_delivered_means_the_broker_took_it() throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            GatewayConfig base = GatewayFixture.broker(dir, broker.url(), "gw-commands");
            GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), base.coap(), base.store(),
                    base.ingest(), base.profiles(), RELAYS, base.logging(), base.commands());
            try (Gateway gateway = Gateway.start(config, "test");
                 TestDevice device = new TestDevice(broker.url(), "relay-1")) {
                List<String> received = listen(device);
                String id = post(gateway, "/api/v1/devices/relay-1/commands/pulse",
                        "{\"parameters\": {\"duration\": 100}}").json().getString("id");
                await().atMost(WAIT).until(() -> received.size() == 1);
                assertThat(new JsonObject(received.get(0).substring(received.get(0).indexOf(' ') + 1)))
                        .isEqualTo(new JsonObject().put("on", 1).put("pulse_ms", 100));
                await().atMost(WAIT).until(() -> status(gateway, id).equals("delivered"));
                assertThat(get(gateway, "/api/v1/commands/" + id).json().getString("detail"))
                        .contains("handed to the broker");

                device.sendTo("devices/relay-1/commands/pulse/ack", bytes("{\"status\": \"ok\"}"), 1);
                await().atMost(WAIT).until(() -> status(gateway, id).equals("acknowledged"));
            }
        }
    }

    private GatewayConfig config(CommandsConfig commands) {
        return GatewayFixture.withCommands(GatewayFixture.embedded(dir, null, RELAYS), commands);
    }

    /** Subscribes the device to its command topics; each message comes back as "topic payload". */
    private static List<String> listen(TestDevice device) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        device.client.subscribe("devices/" + device.id + "/commands/+", 1, null, null,
                (topic, message) -> received.add(topic + " " + new String(message.getPayload(),
                        StandardCharsets.UTF_8))).waitForCompletion(10_000);
        return received;
    }

    private static String status(Gateway gateway, String id) throws Exception {
        return get(gateway, "/api/v1/commands/" + id).json().getString("status");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
