package io.ganglion.runtime;

import static io.ganglion.runtime.CameraFramesTest.analysed;
import static io.ganglion.runtime.SyncWiringTest.TOKEN;
import static io.ganglion.runtime.SyncWiringTest.syncStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.SyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A camera's stored detection window reaches the cloud as detection counts per class (a real YOLOX model). */
class SyncCameraTest {
    @TempDir
    Path dir;

    @Test
    void a_stored_detection_window_reaches_the_cloud_as_counts_per_class() throws Exception {
        try (CloudDouble cloud = new CloudDouble(TOKEN)) {
            String url = cloud.start();
            GatewayConfig config = VisionFixture.gateway(dir, 1, VisionFixture.camera("cam-http"))
                    .withSync(new SyncConfig(null, url, TOKEN, null, null, null, null, null, null,
                            new SyncConfig.BackoffConfig(Duration.ofMillis(50), Duration.ofMillis(200))));
            try (Gateway gateway = Gateway.start(config, "test")) {
                VisionFixture.upload(gateway, "cam-http", VisionFixture.photo(VisionFixture.FREEWAY), "");
                await().atMost(Duration.ofSeconds(20)).until(() -> analysed(gateway, "cam-http") == 1);
            }
            // The camera pipeline stored its open window at the stop; the sync sends it (now or after the restart).
            try (Gateway gateway = Gateway.start(config, "test")) {
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        syncStatus(gateway).getLong("backlogRecords") == 0
                                && !cloud.stored(DetectionCount.class).isEmpty());
            }
            List<DetectionCount> counts = cloud.stored(DetectionCount.class);
            DetectionCount cars = counts.stream().filter(c -> c.className().equals("car") && c.zone().isEmpty())
                    .findFirst().orElseThrow();
            assertThat(cars.device()).isEqualTo("cam-http");
            assertThat(cars.frames()).isEqualTo(1);
            assertThat(cars.detections()).isGreaterThanOrEqualTo(5).isEqualTo(cars.peak());
            assertThat(cars.windowEnd() - cars.windowStart()).isEqualTo(config.vision().window().toMillis());
            assertThat(counts).extracting(c -> c.className() + "/" + c.zone()).doesNotHaveDuplicates();
            assertThat(cloud.duplicates.get()).isZero();
        }
    }
}
