package io.ganglion.runtime;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.StoreConfig;
import java.util.List;
import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reading's whole path over CoAP and CoAPS: a Californium client POSTs to the gateway, the reading is served over
 * REST.
 */
class CoapIngestTest {
    @TempDir
    Path dir;

    private CoapClient client;

    @AfterEach
    void shutdown() {
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void stores_coap_telemetry_and_serves_it() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "meter-3"), "test")) {
            CoapResponse response = post(gateway, "devices/meter-3/telemetry",
                    "{\"ts\": " + System.currentTimeMillis() + ", \"power\": 1250.5}");

            // 2.04 came after the commit: the reading is visible at once.
            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            JsonObject body = get(gateway, "/api/v1/devices/meter-3/readings?metric=power").json();
            assertThat(body.getInteger("count")).isEqualTo(1);
            assertThat(body.getJsonArray("readings").getJsonObject(0).getDouble("value")).isEqualTo(1250.5);
            JsonArray devices = new JsonArray(get(gateway, "/api/v1/devices").body());
            assertThat(devices).anySatisfy(d -> {
                JsonObject device = (JsonObject) d;
                assertThat(device.getString("id")).isEqualTo("meter-3");
                assertThat(device.getString("transport")).isEqualTo("coap");
            });
        }
    }

    @Test
    void answers_rejections_with_their_reason() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "meter-3"), "test")) {
            CoapResponse unknown = post(gateway, "devices/stranger/telemetry", "{\"power\": 1}");
            CoapResponse malformed = post(gateway, "devices/meter-3/telemetry", "{\"power\": ");

            assertThat(metric(gateway, "ganglion_coap_requests_total")).isEqualTo(2.0);
            assertThat(metric(gateway, "ganglion_coap_responses_total{code=\"4.00\"}")).isEqualTo(1.0);
            assertThat(metric(gateway, "ganglion_coap_responses_total{code=\"4.04\"}")).isEqualTo(1.0);
            assertThat(unknown.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
            assertThat(unknown.getResponseText()).startsWith("unknown_device: ");
            assertThat(malformed.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(malformed.getResponseText()).startsWith("malformed: ");
            assertThat(get(gateway, "/api/v1/rejected").body()).contains("stranger");
        }
    }

    @Test
    void stores_coaps_telemetry_from_a_device_with_its_key() throws Exception {
        byte[] key = "meter-3-secret-key".getBytes(StandardCharsets.UTF_8);
        GatewayConfig base = GatewayFixture.embedded(dir, "meter-3");
        CoapConfig coaps = new CoapConfig(null, "127.0.0.1", 0, 0, false, null, null, null, null, null, null,
                Map.of("meter-3", "meter-3-secret-key"));
        GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), coaps, base.store(),
                base.ingest(), base.profiles(), base.devices(), base.logging(), base.commands());
        try (Gateway gateway = Gateway.start(config, "test")) {
            assertThat(gateway.coapPort()).as("plain CoAP switched off").isEmpty();
            client = secureClient("meter-3", key);
            client.setURI("coaps://127.0.0.1:" + gateway.coapsPort().orElseThrow() + "/devices/meter-3/telemetry");

            CoapResponse response = client.post("{\"power\": 7}", MediaTypeRegistry.APPLICATION_JSON);

            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(get(gateway, "/api/v1/devices/meter-3/readings").json().getInteger("count")).isEqualTo(1);
        }
    }

    @Test
    void a_firmware_announced_over_coap_selects_the_profile_of_what_the_device_sends_next() throws Exception {
        GatewayConfig config = GatewayFixture.embedded(dir, StoreConfig.defaults(), null, List.of(
                new DeviceConfig("air-1", null, "airq-node", "1.3.0")));
        try (Gateway gateway = Gateway.start(config, "test")) {
            long now = System.currentTimeMillis();
            assertThat(post(gateway, "devices/air-1/telemetry", "[{\"bt\": " + now / 1000
                    + ", \"n\": \"pm2_5\", \"u\": \"ug/m3\", \"v\": 12.5}]").getCode())
                    .as("firmware 1: SenML JSON").isEqualTo(ResponseCode.CHANGED);

            assertThat(post(gateway, "devices/air-1/status", "{\"firmware\": \"2.0.1\"}").getCode())
                    .isEqualTo(ResponseCode.CHANGED);
            byte[] cbor = ProfileSet.library().find("airq-senml-cbor").orElseThrow().encodeTelemetry(List.of(
                    new Reading("air-1", "pm2_5", now + 1_000, 14.0, "ug/m3", Quality.GOOD)));
            client.setURI("coap://127.0.0.1:" + gateway.coapPort().orElseThrow() + "/devices/air-1/telemetry");
            CoapResponse second = client.post(cbor, MediaTypeRegistry.APPLICATION_SENML_CBOR);

            assertThat(second.getCode()).as("firmware 2: SenML CBOR, %s", second.getResponseText())
                    .isEqualTo(ResponseCode.CHANGED);
            JsonObject readings = get(gateway, "/api/v1/devices/air-1/readings?metric=pm2_5").json();
            assertThat(readings.getInteger("count")).isEqualTo(2);
            assertThat(get(gateway, "/api/v1/devices/air-1").json().getString("firmware")).isEqualTo("2.0.1");
        }
    }

    private static CoapClient secureClient(String identity, byte[] key) {
        DtlsConfig.register();
        Configuration config = new Configuration();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build();
        CoapClient secure = new CoapClient();
        secure.setEndpoint(CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(dtls))
                .build());
        secure.setTimeout(15_000L);
        return secure;
    }

    private CoapResponse post(Gateway gateway, String path, String json) throws Exception {
        if (client == null) {
            org.eclipse.californium.core.config.CoapConfig.register();
            UdpConfig.register();
            CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(new Configuration())
                    .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
            client = new CoapClient();
            client.setEndpoint(endpoint);
            client.setTimeout(15_000L);
        }
        client.setURI("coap://127.0.0.1:" + gateway.coapPort().orElseThrow() + "/" + path);
        return client.post(json, MediaTypeRegistry.APPLICATION_JSON);
    }
}
