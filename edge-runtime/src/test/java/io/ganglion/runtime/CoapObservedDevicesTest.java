package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An air-quality node with the library profile {@code airq-senml-cbor} keeps its readings on its own CoAP resource
 * {@code /air}; the gateway observes it at the device's configured address, and the readings reach the store and API
 * like those of devices that send by themselves.
 */
class CoapObservedDevicesTest {
    static {
        CoapConfig.register(); // Californium's settings must be known before a server is built (and no properties file written)
        UdpConfig.register();
    }

    /** SenML CBOR content format (RFC 8428). */
    private static final int SENML_CBOR = 112;

    @TempDir
    Path dir;

    @Test
    void an_observed_air_quality_node_has_its_notifications_stored() throws Exception {
        AirQualityNode node = new AirQualityNode();
        CoapServer server = new CoapServer(new Configuration());
        server.addEndpoint(CoapEndpoint.builder().setConfiguration(new Configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        server.add(node);
        server.start();
        int port = server.getEndpoints().get(0).getAddress().getPort();
        var config = GatewayFixture.embedded(dir, (Path) null, List.of(new DeviceConfig("airq-1", "airq-senml-cbor",
                null, null, "coap://127.0.0.1:" + port)));
        try (Gateway gateway = Gateway.start(config, "test")) {
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pm25(gateway).contains(12.5)); // the answer to the registration
            node.set(31.0);
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pm25(gateway).contains(31.0)); // a notification

            JsonObject airq = new JsonArray(get(gateway, "/api/v1/devices").body()).stream()
                    .map(JsonObject.class::cast).filter(d -> d.getString("id").equals("airq-1")).findFirst()
                    .orElseThrow();
            assertThat(airq.getString("transport")).isEqualTo("coap");
            assertThat(airq.getString("profile")).isEqualTo("airq-senml-cbor");
            assertThat(GatewayFixture.metric(gateway, "ganglion_coap_reader_delivered_total")).isGreaterThanOrEqualTo(2);
            assertThat(GatewayFixture.metric(gateway, "ganglion_coap_reader_requests_total")).isEqualTo(1);
            assertThat(GatewayFixture.metric(gateway, "ganglion_coap_reader_dropped_total")).isZero();
        } finally {
            server.destroy();
        }
    }

    @Test
    void an_observed_device_without_an_address_is_a_configuration_error() {
        var config = GatewayFixture.embedded(dir, (Path) null, List.of(new DeviceConfig("airq-1", "airq-senml-cbor")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gateway.start(config, "test").close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("devices[0].address")
                .hasMessageContaining("needs an address");
    }

    /** Newest first. */
    private static List<Double> pm25(Gateway gateway) throws Exception {
        JsonArray readings = get(gateway, "/api/v1/devices/airq-1/readings?metric=pm2_5&limit=100").json()
                .getJsonArray("readings");
        return readings.stream().map(JsonObject.class::cast).map(r -> r.getDouble("value")).toList();
    }

    /** The node's observable {@code /air}: a SenML CBOR pack of one PM2.5 record, timed by the receiver. */
    private static final class AirQualityNode extends CoapResource {
        private volatile double pm25 = 12.5;

        AirQualityNode() {
            super("air");
            setObservable(true);
            getAttributes().setObservable();
        }

        void set(double value) {
            pm25 = value;
            changed();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            exchange.respond(ResponseCode.CONTENT, senml(pm25), SENML_CBOR);
        }

        /** [{0: "pm2_5", 1: "ug/m3", 2: value}]: SenML labels n, u and v. */
        private static byte[] senml(double value) {
            ByteArrayOutputStream cbor = new ByteArrayOutputStream();
            cbor.write(0x81); // array of 1
            cbor.write(0xa3); // map of 3
            cbor.write(0x00);
            text(cbor, "pm2_5");
            cbor.write(0x01);
            text(cbor, "ug/m3");
            cbor.write(0x02);
            cbor.write(0xfb); // double
            cbor.writeBytes(ByteBuffer.allocate(8).putDouble(value).array());
            return cbor.toByteArray();
        }

        private static void text(ByteArrayOutputStream cbor, String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            cbor.write(0x60 + utf8.length); // short text string
            cbor.writeBytes(utf8);
        }
    }
}
