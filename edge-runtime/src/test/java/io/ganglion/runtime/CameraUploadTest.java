package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames uploaded over HTTP become detections, window counts and the latest annotated frame. */
class CameraUploadTest {
    @TempDir
    Path dir;

    @Test
    void an_uploaded_frame_becomes_detections_counts_and_an_annotated_frame() throws Exception {
        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-http")),
                "test")) {
            assertThat(VisionFixture.getBytes(gateway, "/api/v1/cameras/cam-http/frame.jpg").statusCode())
                    .as("no frame yet").isEqualTo(404);

            GatewayFixture.Response accepted = VisionFixture.upload(gateway, "cam-http",
                    VisionFixture.photo(VisionFixture.DOG), "");

            assertThat(accepted.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(gateway, "/api/v1/detections?camera=cam-http").json().getInteger("count"))
                            .isGreaterThanOrEqualTo(2));
            JsonArray detections = get(gateway, "/api/v1/detections?camera=cam-http").json()
                    .getJsonArray("detections");
            // dog.jpg (768x576): a bicycle across the middle, a pickup top right; the profile keeps no dogs.
            JsonObject bicycle = find(detections, "bicycle");
            assertThat(bicycle.getFloat("score")).isGreaterThan(0.6f);
            assertThat(bicycle.getJsonObject("box").getDouble("x1")).isBetween(24.0, 84.0); // reference 54, 137, 572, 423
            assertThat(bicycle.getJsonObject("box").getDouble("y2")).isBetween(393.0, 453.0);
            assertThat(bicycle.getInteger("frameWidth")).isEqualTo(768);
            assertThat(detections).noneSatisfy(d -> assertThat(((JsonObject) d).getString("class")).isEqualTo("dog"));
            JsonObject pickup = detections.stream().map(JsonObject.class::cast)
                    .filter(d -> d.getString("class").equals("truck") || d.getString("class").equals("car"))
                    .findFirst().orElseThrow();
            assertThat(pickup.getJsonObject("box").getDouble("x1")).isGreaterThan(384.0);
            assertThat(pickup.getJsonArray("zones")).isEmpty(); // its foot is in the right half
            assertThat(bicycle.getJsonArray("zones")).containsExactly("left-half");

            JsonObject counts = get(gateway, "/api/v1/cameras/cam-http/counts").json();
            JsonObject window = counts.getJsonArray("windows").getJsonObject(0);
            assertThat(window.getBoolean("open")).isTrue();
            assertThat(window.getLong("frames")).isEqualTo(1);
            assertThat(find(window.getJsonArray("classes"), "bicycle").getLong("detections")).isEqualTo(1);
            assertThat(find(window.getJsonObject("zones").getJsonArray("left-half"), "bicycle").getLong("peak"))
                    .isEqualTo(1);

            HttpResponse<byte[]> frame = VisionFixture.getBytes(gateway, "/api/v1/cameras/cam-http/frame.jpg");
            assertThat(frame.statusCode()).isEqualTo(200);
            assertThat(frame.headers().firstValue("content-type")).hasValue("image/jpeg");
            BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(frame.body()));
            assertThat(annotated.getWidth()).isEqualTo(768);

            JsonObject camera = new JsonArray(get(gateway, "/api/v1/cameras").body()).getJsonObject(0);
            assertThat(camera.getString("id")).isEqualTo("cam-http");
            assertThat(camera.getJsonObject("frames").getLong("analysed")).isEqualTo(1);
            assertThat(camera.getJsonObject("lastFrame").getJsonArray("detections")).isNotEmpty();
            assertThat(metric(gateway, "ganglion_frames_analysed_total{camera=\"cam-http\"}")).isEqualTo(1.0);
            assertThat(metric(gateway, "ganglion_detections_total{camera=\"cam-http\",class=\"bicycle\"}"))
                    .isEqualTo(1.0);
        }
    }

    @Test
    void refuses_uploads_for_unknown_cameras_and_too_large_frames() throws Exception {
        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-http")),
                "test")) {
            assertThat(VisionFixture.upload(gateway, "nobody", new byte[100], "").status()).isEqualTo(404);
            byte[] huge = new byte[gateway.config().vision().maxFrameBytes() + 1];
            assertThat(VisionFixture.upload(gateway, "cam-http", huge, "").status()).isEqualTo(413);
            assertThat(VisionFixture.upload(gateway, "cam-http", new byte[0], "").status()).isEqualTo(400);
        }
    }

    static JsonObject find(JsonArray items, String label) {
        return items.stream().map(JsonObject.class::cast).filter(d -> d.getString("class").equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no " + label + " in " + items.encode()));
    }
}
