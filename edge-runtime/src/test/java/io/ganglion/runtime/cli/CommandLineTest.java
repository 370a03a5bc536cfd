package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.store.DetectionRecord;
import io.ganglion.runtime.store.DeviceRecord;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.MetricCounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit-code contract of the {@code ganglion} command line, and the demo doing what the README promises. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void an_invalid_configuration_exits_with_2_and_names_file_line_and_key() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  port: 70000\n");

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(config + ":2: http.port: expected an integer from 0 to 65535, got 70000");
    }

    @Test
    void a_device_with_an_unknown_profile_exits_with_2() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "store: {path: '" + dir.resolve("gw.db") + "'}\n"
                + "http: {port: 0}\nmqtt: {endpoint: {port: 0}}\ncoap: {port: 0}\n"
                + "devices:\n  - {id: d1, profile: no-such-profile}\n");

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("devices[0].profile").contains("no-such-profile").contains("json-telemetry");
    }

    @Test
    void a_missing_configuration_file_exits_with_2() {
        CommandRun run = CommandRun.of("gateway", "--config", dir.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("absent.yaml");
    }

    @Test
    void bad_usage_exits_with_2() {
        assertThat(CommandRun.of("gateway").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("no-such-command").exitCode()).isEqualTo(2);
    }

    /**
     * One demo run for the demo tests: 25 s at twice real time, so that the air-quality nodes' first messages (a
     * minute apart, the first 45 to 56 simulated seconds in) come; the devices' clocks end 25 s ahead of the gateway's,
     * within its 30 s skew tolerance. The first 10 s sync window closes (plus 2 s lateness) and is sent before the
     * stop; the loop detectors' first GPIO windows close.
     */
    private static CommandRun demo;
    private static Path demoDir;

    private static synchronized CommandRun demoRun() throws IOException {
        if (demo == null) {
            demoDir = Files.createTempDirectory("ganglion-demo-test");
            demo = CommandRun.of("demo", "--duration", "25", "--speed", "2", "--data-dir",
                    demoDir.toString());
        }
        return demo;
    }

    @AfterAll
    static void deleteDemoDir() throws IOException {
        if (demoDir != null) {
            try (Stream<Path> files = Files.walk(demoDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void the_demo_plays_the_intersection_into_the_store_syncs_to_its_cloud_endpoint_and_prints_its_urls()
            throws Exception {
        CommandRun run = demoRun();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("intersection scenario: 21 devices").contains("/api/v1/devices")
                .contains("/metrics").contains("tcp://127.0.0.1:").contains("coap://127.0.0.1:")
                .contains("/api/v1/sync").contains("/api/v1/summaries?gateway=demo-gateway");
        Map<String, Long> readingsByGroup = new TreeMap<>();
        try (LocalStore store = openStore()) {
            for (DeviceRecord device : store.devices()) {
                long readings = store.readingCounts(device.id(), 0, Long.MAX_VALUE).stream()
                        .mapToLong(MetricCounts::readings).sum();
                readingsByGroup.merge(device.transport(), readings, Long::sum);
            }
        }
        assertThat(readingsByGroup).as("readings by transport").containsKeys("mqtt", "coap", "gpio")
                .allSatisfy((transport, readings) -> assertThat(readings).isPositive());
        try (java.sql.Connection cloud = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + demoDir.resolve("cloud.db"));
             java.sql.ResultSet rs = cloud.createStatement().executeQuery(
                     "SELECT count(*), count(DISTINCT device) FROM summaries WHERE gateway = 'demo-gateway'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("summaries in the demo's cloud").isPositive();
            assertThat(rs.getLong(2)).as("devices summarised").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void the_demo_loop_detectors_count_vehicles_through_their_own_mock_pins() throws Exception {
        demoRun();

        long vehicles = 0;
        try (LocalStore store = openStore()) {
            for (int lane = 1; lane <= 8; lane++) {
                vehicles += store.readings(String.format("loop-%04d", lane), "vehicles", 0, Long.MAX_VALUE, 100)
                        .stream().mapToDouble(Reading::value).sum();
            }
        }
        assertThat(vehicles).as("vehicles counted on the 8 loop detectors' pins").isPositive();
    }

    @Test
    void the_demo_cameras_detect_with_the_real_model_on_real_photos() throws Exception {
        SharedFiles.model("yolox_nano.onnx"); // skips (fails under CI) with what is missing and how to get it
        SharedFiles.model("coco_classes.txt");
        SharedFiles.image("coco/000000001532.jpg");

        CommandRun run = demoRun();

        assertThat(run.out()).contains("Vision:    YOLOX-Nano").contains("/api/v1/cameras/cam-0001/counts");
        try (LocalStore store = openStore()) {
            assertThat(store.detectionCount()).as("detections of the demo's cameras").isPositive();
            assertThat(store.detections(null, 0, Long.MAX_VALUE, 1000)).extracting(DetectionRecord::label)
                    .contains("car");
        }
    }

    private static LocalStore openStore() {
        return LocalStore.open(StoreConfig.defaults().withPath(demoDir.resolve("ganglion.db")),
                new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
