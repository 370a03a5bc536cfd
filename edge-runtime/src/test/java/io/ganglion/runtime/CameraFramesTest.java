package io.ganglion.runtime;

import static io.ganglion.runtime.CameraUploadTest.find;
import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.inference.testing.TestImages;
import io.ganglion.runtime.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames pushed by cameras, each over its own transport, become detections in the store and counts in the window
 * summaries: MQTT through a real Mosquitto the gateway subscribes to, and CoAP block-wise from a Californium client.
 */
class CameraFramesTest {
    @TempDir
    Path dir;

    @Test
    void frames_over_mqtt_and_coap_block_wise_become_detections_and_window_counts() throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.start();
             Gateway gateway = Gateway.start(brokerGateway(broker), "test")) {
            // MQTT: the freeway photo, QoS1; the PUBACK means the frame is in the camera's slot.
            try (TestDevice camera = new TestDevice(broker.url(), "cam-mqtt")) {
                camera.sendTo("devices/cam-mqtt/frames", VisionFixture.photo(VisionFixture.FREEWAY), 1);
            }
            // CoAP: the dog photo, 164 KB, POSTed block-wise (Block1) by a real Californium client.
            CoapResponse response = coapPost(gateway, "devices/cam-coap/frames",
                    VisionFixture.photo(VisionFixture.DOG));
            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(analysed(gateway, "cam-mqtt")).isEqualTo(1);
                assertThat(analysed(gateway, "cam-coap")).isEqualTo(1);
            });
            JsonArray freeway = storedDetections(gateway, "cam-mqtt&limit=100");
            List<JsonObject> cars = freeway.stream().map(JsonObject.class::cast)
                    .filter(d -> d.getString("class").equals("car")).toList();
            assertThat(cars).hasSizeGreaterThanOrEqualTo(5);
            // Every car is on the road, in the lower half of the 640x480 photo; the nearest one at the left edge.
            assertThat(cars).allSatisfy(car -> assertThat(car.getJsonObject("box").getDouble("y2"))
                    .isGreaterThan(240.0));
            assertThat(cars).anySatisfy(car -> {
                assertThat(car.getJsonObject("box").getDouble("x1")).isLessThan(30.0);
                assertThat(car.getJsonObject("box").getDouble("y2")).isBetween(447.0, 480.0);
            });

            JsonArray dog = storedDetections(gateway, "cam-coap");
            assertThat(dog).extracting(d -> ((JsonObject) d).getString("class")).contains("bicycle");

            JsonObject mqttWindow = get(gateway, "/api/v1/cameras/cam-mqtt/counts").json()
                    .getJsonArray("windows").getJsonObject(0);
            assertThat(mqttWindow.getLong("frames")).isEqualTo(1);
            assertThat(find(mqttWindow.getJsonArray("classes"), "car").getLong("detections"))
                    .isEqualTo(cars.size());
            assertThat(find(mqttWindow.getJsonArray("classes"), "car").getDouble("mean"))
                    .isEqualTo((double) cars.size());
            JsonObject coapWindow = get(gateway, "/api/v1/cameras/cam-coap/counts").json()
                    .getJsonArray("windows").getJsonObject(0);
            assertThat(find(coapWindow.getJsonArray("classes"), "bicycle").getLong("peak")).isEqualTo(1);

            assertThat(metric(gateway, "ganglion_frames_received_total{camera=\"cam-mqtt\"}")).isEqualTo(1.0);
            assertThat(metric(gateway, "ganglion_frames_received_total{camera=\"cam-coap\"}")).isEqualTo(1.0);
        }
    }

    @Test
    void frames_are_stored_as_window_summaries_when_the_gateway_stops() throws Exception {
        GatewayConfig config = VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-http"));
        try (Gateway gateway = Gateway.start(config, "test")) {
            VisionFixture.upload(gateway, "cam-http", VisionFixture.photo(VisionFixture.FREEWAY), "");
            await().atMost(Duration.ofSeconds(20)).until(() -> analysed(gateway, "cam-http") == 1);
        }
        // The open window was written at shutdown: the next start serves it from the store.
        try (Gateway gateway = Gateway.start(config, "test")) {
            JsonArray windows = get(gateway, "/api/v1/cameras/cam-http/counts").json().getJsonArray("windows");
            assertThat(windows).hasSize(1);
            assertThat(windows.getJsonObject(0).getBoolean("open")).isFalse();
            assertThat(windows.getJsonObject(0).getLong("frames")).isEqualTo(1);
            assertThat(find(windows.getJsonObject(0).getJsonArray("classes"), "car").getLong("detections"))
                    .isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void a_1080p_frame_fits_the_gateways_own_mqtt_endpoint() throws Exception {
        // Larger than the endpoint's telemetry-sized default (256 KiB): the gateway raises its limit to
        // vision.maxFrameBytes because a camera is configured, instead of closing the camera's connection.
        byte[] frame = TestImages.rescaled(VisionFixture.photo(VisionFixture.DOG), 1920, 1080, 0.95f);
        assertThat(frame.length).isGreaterThan(256 * 1024);
        GatewayConfig config = VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-1080p"));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice camera = new TestDevice(GatewayFixture.endpointUrl(gateway), "cam-1080p")) {
            camera.sendTo("devices/cam-1080p/frames", frame, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> analysed(gateway, "cam-1080p") == 1);
            JsonArray detections = storedDetections(gateway, "cam-1080p");
            JsonObject bicycle = detections.stream().map(JsonObject.class::cast)
                    .filter(d -> d.getString("class").equals("bicycle")).findFirst().orElseThrow();
            // Decoded at half size, boxes back in the frame's 1920x1080 pixels: the reference box (54, 137, 572,
            // 423) on the 768x576 photo, stretched by 2.5 and 1.875.
            assertThat(bicycle.getJsonObject("box").getDouble("x2")).isBetween(1330.0, 1530.0);
            assertThat(bicycle.getJsonObject("box").getDouble("y2")).isBetween(740.0, 850.0);
        }
    }

    /**
     * A frame's detections once they are in the store (and hold {@code classes}): a frame counts as analysed when the model is done with it,
     * and its detections reach the store's next commit a moment later (seen on a loaded machine in CI).
     */
    static JsonArray storedDetections(Gateway gateway, String cameraAndQuery, String... classes) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> get(gateway, "/api/v1/detections?camera=" + cameraAndQuery).json().getJsonArray("detections"),
                found -> !found.isEmpty() && found.stream().map(d -> ((JsonObject) d).getString("class")).toList()
                        .containsAll(List.of(classes)));
    }

    static long analysed(Gateway gateway, String camera) throws Exception {
        return get(gateway, "/api/v1/cameras/" + camera).json().getJsonObject("frames").getLong("analysed");
    }

    private GatewayConfig brokerGateway(MosquittoBroker broker) {
        GatewayConfig base = GatewayFixture.broker(dir, broker.url(), "gw-cameras");
        return new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), base.coap(), base.store(), base.ingest(),
                base.profiles(), List.of(VisionFixture.camera("cam-mqtt"), VisionFixture.camera("cam-coap")),
                base.logging(), base.commands(), VisionFixture.gateway(dir, 1).vision());
    }

    private static CoapResponse coapPost(Gateway gateway, String path, byte[] body) throws Exception {
        org.eclipse.californium.core.config.CoapConfig.register();
        UdpConfig.register();
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(new Configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        CoapClient client = new CoapClient("coap://127.0.0.1:" + gateway.coapPort().orElseThrow() + "/" + path);
        client.setEndpoint(endpoint);
        client.setTimeout(30_000L);
        try {
            return client.post(body, MediaTypeRegistry.IMAGE_JPEG);
        } finally {
            client.shutdown();
        }
    }
}
