package io.ganglion.runtime;

import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.runtime.config.CameraConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.ModelConfig;
import io.ganglion.runtime.config.VisionConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Camera gateways for tests: the real YOLOX-Nano (as the {@code vehicles} model the library's ip-camera profile
 * names) and the real photos of ../shared, found through {@link SharedFiles}.
 */
final class VisionFixture {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The freeway photo: cars and a truck. */
    static final String FREEWAY = "coco/000000001532.jpg";
    /** The dog photo: a dog, a bicycle and a pickup (car or truck); the ip-camera profile does not keep dogs. */
    static final String DOG = "dog.jpg";
    /** A zone over the left half of the frame, for checks that do not depend on the profile's zones. */
    static final Map<String, List<List<Double>>> LEFT_HALF = Map.of("left-half",
            List.of(List.of(0.0, 0.0), List.of(0.5, 0.0), List.of(0.5, 1.0), List.of(0.0, 1.0)));

    private VisionFixture() {
    }

    static ModelConfig vehicles() {
        return ModelConfig.of("vehicles", ModelFamily.YOLOX, SharedFiles.model("yolox_nano.onnx"),
                SharedFiles.model("coco_classes.txt"));
    }

    static byte[] photo(String name) throws IOException {
        return Files.readAllBytes(SharedFiles.image(name));
    }

    /** A camera of the library's ip-camera profile, with the left-half zone instead of the profile's. */
    static DeviceConfig camera(String id) {
        return camera(id, new CameraConfig(null, null, LEFT_HALF, null, null, null));
    }

    static DeviceConfig camera(String id, CameraConfig settings) {
        return new DeviceConfig(id, "ip-camera", null, null, null, settings);
    }

    /** An embedded-endpoint gateway with these devices and the vehicles model, {@code workers} workers. */
    static GatewayConfig gateway(Path dir, int workers, DeviceConfig... devices) {
        GatewayConfig base = GatewayFixture.embedded(dir, null, new ArrayList<>(List.of(devices)));
        return base.withVision(new VisionConfig(List.of(vehicles()), workers, null, null));
    }

    static GatewayFixture.Response upload(Gateway gateway, String camera, byte[] jpeg, String query)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + gateway.httpPort() + "/api/v1/cameras/" + camera + "/frames" + query))
                        .timeout(Duration.ofSeconds(10)).header("content-type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new GatewayFixture.Response(response.statusCode(), response.body());
    }

    /**
     * A camera's windows added up: frames, and per class (whole frame) detections and the highest peak. A test's
     * frames may fall on both sides of a window boundary, so tests look at the sum.
     */
    record WindowTotals(long frames, Map<String, Long> detections, Map<String, Long> peaks) {
    }

    static WindowTotals windowTotals(Gateway gateway, String camera) throws IOException, InterruptedException {
        io.vertx.core.json.JsonArray windows = GatewayFixture.get(gateway, "/api/v1/cameras/" + camera + "/counts")
                .json().getJsonArray("windows");
        long frames = 0;
        Map<String, Long> detections = new java.util.TreeMap<>();
        Map<String, Long> peaks = new java.util.TreeMap<>();
        for (Object w : windows) {
            io.vertx.core.json.JsonObject window = (io.vertx.core.json.JsonObject) w;
            frames += window.getLong("frames");
            for (Object c : window.getJsonArray("classes")) {
                io.vertx.core.json.JsonObject count = (io.vertx.core.json.JsonObject) c;
                detections.merge(count.getString("class"), count.getLong("detections"), Long::sum);
                peaks.merge(count.getString("class"), count.getLong("peak"), Math::max);
            }
        }
        return new WindowTotals(frames, detections, peaks);
    }

    static HttpResponse<byte[]> getBytes(Gateway gateway, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
