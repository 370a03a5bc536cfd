package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reading's whole path over CoAP: a Californium client POSTs to the gateway, the reading is served over REST. */
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

            assertThat(unknown.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
            assertThat(unknown.getResponseText()).startsWith("unknown_device: ");
            assertThat(malformed.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(malformed.getResponseText()).startsWith("malformed: ");
            assertThat(get(gateway, "/api/v1/rejected").body()).contains("stranger");
        }
    }

    private CoapResponse post(Gateway gateway, String path, String json) throws Exception {
        if (client == null) {
            CoapConfig.register();
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
