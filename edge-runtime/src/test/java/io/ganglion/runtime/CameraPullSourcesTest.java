package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.ganglion.runtime.config.CameraConfig;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other sources the gateway pulls from: a snapshot URL (served by the test) and a folder. */
class CameraPullSourcesTest {
    @TempDir
    Path dir;

    private HttpServer camera;

    @AfterEach
    void stopCamera() {
        if (camera != null) {
            camera.stop(0);
        }
    }

    @Test
    void snapshots_fetched_from_a_cameras_url_become_detections() throws Exception {
        byte[] jpeg = VisionFixture.photo(VisionFixture.FREEWAY);
        camera = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        camera.createContext("/snapshot.jpg", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jpeg);
            }
        });
        camera.start();
        CameraConfig settings = new CameraConfig(null, null, null, new CameraConfig.Snapshot(
                "http://127.0.0.1:" + camera.getAddress().getPort() + "/snapshot.jpg", Duration.ofMillis(300)),
                null, null);

        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1,
                VisionFixture.camera("cam-snap", settings)), "test")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> CameraFramesTest.analysed(gateway, "cam-snap") >= 2);
            assertThat(CameraFramesTest.storedDetections(gateway, "cam-snap&limit=1000", "car"))
                    .extracting(d -> ((JsonObject) d).getString("class")).contains("car");
            JsonObject health = get(gateway, "/api/v1/health").json();
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getJsonObject("vision").getInteger("cameras")).isEqualTo(1);
            assertThat(health.getJsonObject("vision").getLong("framesAnalysed")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void jpeg_files_in_a_folder_become_detections() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("frames"));
        Files.write(folder.resolve("0001.jpg"), VisionFixture.photo(VisionFixture.DOG));
        CameraConfig settings = new CameraConfig(null, null, null, null, null,
                new CameraConfig.Folder(folder, Duration.ofMillis(200)));

        try (Gateway gateway = Gateway.start(VisionFixture.gateway(dir, 1,
                VisionFixture.camera("cam-folder", settings)), "test")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> CameraFramesTest.analysed(gateway, "cam-folder") >= 1);
            assertThat(CameraFramesTest.storedDetections(gateway, "cam-folder", "bicycle"))
                    .extracting(d -> ((JsonObject) d).getString("class")).contains("bicycle");
            assertThat(get(gateway, "/api/v1/cameras/cam-folder").json().getJsonObject("lastFrame")
                    .getString("origin")).startsWith("folder ");
        }
    }
}
