package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.config.CommandsConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands to a device that sends its telemetry over CoAP: the gateway POSTs the encoded payload to the device's own
 * {@code /commands/{name}} resource, at the address the device last sent from.
 */
class CoapCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String COAP_VALVE = """
            id: coap-valve
            vendor: Generic
            model: valve
            firmware: "*"
            description: A valve that reports its position over CoAP and takes open and close.
            metrics:
              position: {type: float, unit: "%", range: [0, 100], description: How far the valve is open}
            transports:
              coap: {}
            telemetry:
              codec: json
              fields:
                position: {path: pos}
            commands:
              open:
                description: Open the valve.
                constants: {target: 100}
                payload: {codec: json, fields: {target: {path: target}}}
              jam:
                description: A command the valve's firmware does not know.
                constants: {target: 0}
                payload: {codec: json, fields: {target: {path: target}}}
            """;

    @TempDir
    Path dir;

    private final List<String> received = new CopyOnWriteArrayList<>();
    private CoapServer valve;

    @AfterEach
    void stopValve() {
        if (valve != null) {
            valve.destroy();
        }
    }

    /**
     * The valve: a CoAP server whose endpoint is also where it sends telemetry from. Made once the gateway runs,
     * which registers Californium's configuration modules.
     */
    private CoapEndpoint startValve() {
        valve = new CoapServer(new Configuration());
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(new Configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        valve.addEndpoint(endpoint);
        CoapResource commands = new CoapResource("commands");
        commands.add(new CoapResource("open") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                received.add(exchange.getRequestText());
                exchange.respond(CoAP.ResponseCode.CHANGED);
            }
        });
        valve.add(commands);
        valve.start();
        return endpoint;
    }

    @Test
    void a_command_is_posted_to_where_the_device_last_sent_from() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("coap-valve.yaml"), COAP_VALVE);
        // Retries every minute: a command that waited goes when the device is heard, not at the next retry.
        var config = GatewayFixture.withCommands(GatewayFixture.embedded(dir, profiles,
                List.of(new DeviceConfig("valve-1", "coap-valve"))),
                new CommandsConfig(null, null, null, null, Duration.ofMinutes(1)));
        try (Gateway gateway = Gateway.start(config, "test")) {
            // Not heard over CoAP yet: the command waits, and says why.
            String early = post(gateway, "/api/v1/devices/valve-1/commands/open", "{}").json().getString("id");
            await().atMost(WAIT).until(() -> command(gateway, early).getString("detail")
                    .equals("device 'valve-1' has not sent over CoAP since the gateway started"));
            assertThat(command(gateway, early).getString("status")).isEqualTo("pending");

            CoapEndpoint endpoint = startValve();
            CoapClient telemetry = new CoapClient("coap://127.0.0.1:" + gateway.coapPort().orElseThrow()
                    + "/devices/valve-1/telemetry");
            telemetry.setEndpoint(endpoint);
            try {
                assertThat(telemetry.post("{\"pos\": 0}", MediaTypeRegistry.APPLICATION_JSON).getCode())
                        .isEqualTo(CoAP.ResponseCode.CHANGED);
            } finally {
                telemetry.shutdown();
            }

            // Heard: the waiting command goes at once.
            await().atMost(WAIT).until(() -> command(gateway, early).getString("status").equals("delivered"));

            var accepted = post(gateway, "/api/v1/devices/valve-1/commands/open", "{}");
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.json().getString("address")).isEqualTo("/commands/open");
            String id = accepted.json().getString("id");
            await().atMost(WAIT).until(() -> command(gateway, id).getString("status").equals("delivered"));
            assertThat(received).containsExactly("{\"target\":100}", "{\"target\":100}");
            assertThat(command(gateway, id).getString("detail"))
                    .isEqualTo("coap://127.0.0.1:" + endpoint.getAddress().getPort() + "/commands/open answered 2.04");

            // The valve has no such resource: 4.04 is a refusal that retrying would not change.
            String jam = post(gateway, "/api/v1/devices/valve-1/commands/jam", "{}").json().getString("id");
            await().atMost(WAIT).until(() -> command(gateway, jam).getString("status").equals("failed"));
            assertThat(command(gateway, jam).getString("detail")).contains("answered 4.04");
        }
    }

    private static JsonObject command(Gateway gateway, String id) throws Exception {
        return get(gateway, "/api/v1/commands/" + id).json();
    }
}
