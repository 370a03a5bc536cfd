package io.ganglion.runtime;

import static io.ganglion.runtime.CameraFramesTest.analysed;
import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ganglion.runtime.config.CameraConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera's MJPEG-over-HTTP stream, served by the test itself as {@code multipart/x-mixed-replace}, read by the
 * gateway: its frames become detections and window counts like pushed frames.
 */
class CameraMjpegTest {
    @TempDir
    Path dir;

    private HttpServer camera;
    private final CountDownLatch streamed = new CountDownLatch(1);
    /** The stream's second frame waits until the gateway has analysed the first: no frame is replaced. */
    private final CountDownLatch firstAnalysed = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopCamera() {
        firstAnalysed.countDown();
        release.countDown();
        if (camera != null) {
            camera.stop(0);
        }
    }

    @Test
    void frames_of_an_mjpeg_stream_become_detections_and_window_counts() throws Exception {
        List<byte[]> frames = List.of(VisionFixture.photo(VisionFixture.FREEWAY), VisionFixture.photo(VisionFixture.DOG));
        camera = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        camera.createContext("/video.mjpg", exchange -> stream(exchange, frames));
        camera.start();
        String url = "http://127.0.0.1:" + camera.getAddress().getPort() + "/video.mjpg";
        CameraConfig settings = new CameraConfig(null, null, VisionFixture.LEFT_HALF, null,
                new CameraConfig.Mjpeg(url, Duration.ofSeconds(30)), null);

        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1,
                VisionFixture.camera("cam-mjpeg", settings)), "test")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> analysed(gateway, "cam-mjpeg") == 1);
            firstAnalysed.countDown();
            assertThat(streamed.await(30, TimeUnit.SECONDS)).as("the gateway read the whole stream").isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject counters = get(gateway, "/api/v1/cameras/cam-mjpeg").json().getJsonObject("frames");
                assertThat(counters.getLong("received")).isEqualTo(2);
                assertThat(counters.getLong("analysed") + counters.getLong("dropped")).isEqualTo(2);
            });
            assertThat(analysed(gateway, "cam-mjpeg")).as("one after the other, no frame is replaced").isEqualTo(2);

            JsonArray detections = CameraFramesTest.storedDetections(gateway, "cam-mjpeg&limit=100", "car",
                    "bicycle");
            assertThat(detections).extracting(d -> ((JsonObject) d).getString("class"))
                    .contains("car", "bicycle");
            // The two frames may fall on both sides of a window boundary: add the windows up.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    VisionFixture.windowTotals(gateway, "cam-mjpeg").frames() == 2);
            VisionFixture.WindowTotals totals = VisionFixture.windowTotals(gateway, "cam-mjpeg");
            assertThat(totals.detections().get("bicycle")).isEqualTo(1);
            assertThat(totals.peaks().get("car")).isGreaterThanOrEqualTo(5);
            assertThat(metric(gateway, "ganglion_frames_received_total{camera=\"cam-mjpeg\"}")).isEqualTo(2.0);
            JsonObject last = get(gateway, "/api/v1/cameras/cam-mjpeg").json().getJsonObject("lastFrame");
            assertThat(last.getInteger("width")).as("the dog photo came last").isEqualTo(768);
        }
    }

    /**
     * One connection: the frames as multipart/x-mixed-replace, the second once the first is analysed, then the stream
     * stays open.
     */
    private void stream(HttpExchange exchange, List<byte[]> frames) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace; boundary=ganglionframe");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte[] jpeg : frames) {
                out.write(("--ganglionframe\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                firstAnalysed.await(30, TimeUnit.SECONDS);
            }
            streamed.countDown();
            release.await(60, TimeUnit.SECONDS); // like a camera, keep the stream open: no reconnect, no repeats
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
