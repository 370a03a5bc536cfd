package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames arriving faster than one worker analyses them: the newest wins, the rest are counted; bad frames are kept. */
class CameraOverloadTest {
    private static final int FRAMES = 40;

    @TempDir
    Path dir;

    @Test
    void frames_faster_than_inference_are_dropped_and_counted_and_the_newest_is_analysed_last() throws Exception {
        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-busy")),
                "test")) {
            byte[] jpeg = VisionFixture.photo(VisionFixture.FREEWAY);
            long firstTime = System.currentTimeMillis();
            for (int i = 0; i < FRAMES; i++) {
                // Each upload is answered once the frame is in the slot, long before YOLOX is done with one.
                assertThat(VisionFixture.upload(gateway, "cam-busy", jpeg, "?ts=" + (firstTime + i)).status())
                        .isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject frames = camera(gateway).getJsonObject("frames");
                assertThat(frames.getLong("received")).isEqualTo(FRAMES);
                assertThat(frames.getLong("analysed") + frames.getLong("dropped") + frames.getLong("rejected"))
                        .isEqualTo(FRAMES);
            });
            JsonObject camera = camera(gateway);
            long analysed = camera.getJsonObject("frames").getLong("analysed");
            long dropped = camera.getJsonObject("frames").getLong("dropped");
            assertThat(dropped).isPositive();
            assertThat(analysed).isPositive().isLessThan(FRAMES);
            assertThat(camera.getJsonObject("frames").getLong("rejected")).isZero();
            // The frame waiting when the uploads stopped was the newest: it is the one analysed last.
            assertThat(camera.getJsonObject("lastFrame").getLong("frameTime")).isEqualTo(firstTime + FRAMES - 1);
            assertThat(metric(gateway, "ganglion_frames_dropped_total{camera=\"cam-busy\",reason=\"busy\"}"))
                    .isEqualTo((double) dropped);
            assertThat(metric(gateway, "ganglion_frames_analysed_total{camera=\"cam-busy\"}"))
                    .isEqualTo((double) analysed);
            // Only analysed frames are counted in the window summaries (added up: a minute may have turned).
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    VisionFixture.windowTotals(gateway, "cam-busy").frames() == analysed);
        }
    }

    @Test
    void an_undecodable_frame_is_rejected_counted_and_kept_and_the_camera_goes_on() throws Exception {
        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-bad")),
                "test")) {
            byte[] garbage = new byte[10_000];
            new Random(3).nextBytes(garbage);
            garbage[0] = (byte) 0xFF; // a JPEG's first bytes, then noise
            garbage[1] = (byte) 0xD8;
            assertThat(VisionFixture.upload(gateway, "cam-bad", garbage, "").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    camera(gateway).getJsonObject("frames").getLong("rejected") == 1);

            JsonObject rejected = get(gateway, "/api/v1/rejected").json().getJsonArray("rejected").getJsonObject(0);
            assertThat(rejected.getString("device")).isEqualTo("cam-bad");
            assertThat(rejected.getString("reason")).isEqualTo("malformed");
            assertThat(rejected.getString("transport")).isEqualTo("http");
            assertThat(rejected.getInteger("payloadBytes")).isEqualTo(10_000);
            assertThat(rejected.getBoolean("payloadTruncated")).isTrue();
            assertThat(metric(gateway, "ganglion_frames_rejected_total{camera=\"cam-bad\",reason=\"malformed\"}"))
                    .isEqualTo(1.0);

            VisionFixture.upload(gateway, "cam-bad", VisionFixture.photo(VisionFixture.DOG), "");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    camera(gateway).getJsonObject("frames").getLong("analysed") == 1);
            assertThat(VisionFixture.getBytes(gateway, "/api/v1/cameras/cam-bad/frame.jpg").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void frames_from_a_device_that_is_no_camera_are_rejected_and_kept() throws Exception {
        GatewayConfig config = VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-1"),
                new DeviceConfig("meter-1", "json-telemetry"));
        try (Gateway gateway = Gateway.start(config, "test");
             TestDevice meter = new TestDevice(GatewayFixture.endpointUrl(gateway), "meter-1")) {
            meter.sendTo("devices/meter-1/frames", VisionFixture.photo(VisionFixture.DOG), 1);

            JsonObject rejected = get(gateway, "/api/v1/rejected").json().getJsonArray("rejected").getJsonObject(0);
            assertThat(rejected.getString("device")).isEqualTo("meter-1");
            assertThat(rejected.getString("transport")).isEqualTo("mqtt");
            assertThat(rejected.getString("detail")).contains("is not a camera");
            assertThat(metric(gateway, "ganglion_ingest_rejected_total{reason=\"malformed\"}")).isEqualTo(1.0);
            assertThat(camera(gateway).getJsonObject("frames").getLong("received")).isZero();
        }
    }

    private static JsonObject camera(Gateway gateway) throws Exception {
        JsonArray cameras = new JsonArray(get(gateway, "/api/v1/cameras").body());
        return cameras.getJsonObject(0);
    }
}
