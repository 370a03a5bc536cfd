package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.CameraConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.GatewayConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vision section: how it reads, and the models and cameras that keep a gateway from starting (exit 2). */
class VisionConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void reads_models_workers_windows_and_a_cameras_own_settings() throws Exception {
        Path file = write("vision:\n"
                + "  workers: 2\n  window: 10s\n  maxFrameBytes: 2MiB\n"
                + "  models:\n"
                + "    - {name: vehicles, family: yolox, path: m.onnx, labels: coco.txt, threads: 2,"
                + " optimization: basic, scoreThreshold: 0.4}\n"
                + "devices:\n"
                + "  - id: cam-1\n    profile: ip-camera\n    camera:\n"
                + "      confidence: 0.6\n"
                + "      zones: {left: [[0, 0], [0.5, 0], [0.5, 1]]}\n"
                + "      mjpeg: {url: 'http://10.0.0.7/video.mjpg', reconnectDelay: 5s}\n");

        GatewayConfig config = new GatewayConfigLoader(name -> null).load(file);

        assertThat(config.vision().workers()).isEqualTo(2);
        assertThat(config.vision().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.vision().maxFrameBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.vision().models().get(0).family()).isEqualTo(ModelFamily.YOLOX);
        assertThat(config.vision().models().get(0).settings().threads()).isEqualTo(2);
        assertThat(config.vision().models().get(0).settings().scoreThreshold()).isEqualTo(0.4f);
        CameraConfig camera = config.devices().get(0).camera();
        assertThat(camera.confidence()).isEqualTo(0.6);
        assertThat(camera.zones().get("left")).hasSize(3);
        assertThat(camera.mjpeg().url()).isEqualTo("http://10.0.0.7/video.mjpg");
        assertThat(camera.mjpeg().reconnectDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_camera_with_two_sources_or_a_bad_zone_is_refused_with_its_key() throws Exception {
        Path twoSources = write("devices:\n  - id: cam-1\n    profile: ip-camera\n    camera:\n"
                + "      snapshot: {url: 'http://10.0.0.7/snap.jpg'}\n      folder: {path: /tmp/frames}\n");
        Path badZone = write("devices:\n  - id: cam-1\n    profile: ip-camera\n    camera:\n"
                + "      zones: {lane: [[0, 0], [1.5, 0], [1, 1]]}\n");

        assertThatThrownBy(() -> new GatewayConfigLoader(name -> null).load(twoSources))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("devices[0].camera.snapshot: expected at most one of snapshot, mjpeg and folder");
        assertThatThrownBy(() -> new GatewayConfigLoader(name -> null).load(badZone))
                .isInstanceOf(ConfigException.class).hasMessageContaining("devices[0].camera.zones.lane")
                .hasMessageContaining("each coordinate from 0 to 1");
    }

    @Test
    void a_missing_model_file_refuses_start_with_exit_2_naming_the_key() throws Exception {
        Path config = gateway("    - {name: vehicles, family: yolox, path: '" + dir.resolve("absent.onnx")
                + "', labels: '" + SharedFiles.model("coco_classes.txt") + "'}\n", true);

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(config + ": vision.models[0].path: no such file: ")
                .contains("absent.onnx");
    }

    @Test
    void a_classification_model_configured_as_yolox_refuses_start_with_exit_2() throws Exception {
        Path config = gateway("    - {name: vehicles, family: yolox, path: '"
                + SharedFiles.model("mobilenetv2-12-int8.onnx") + "', labels: '"
                + SharedFiles.model("coco_classes.txt") + "'}\n", true);

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(config + ": vision.models[0].family: model 'vehicles' (")
                .contains("mobilenetv2-12-int8.onnx").contains("cannot be used as family yolox");
    }

    @Test
    void a_camera_whose_model_is_not_defined_refuses_start_with_exit_2() throws Exception {
        Path config = gateway("    - {name: people, family: yolox, path: '" + SharedFiles.model("yolox_nano.onnx")
                + "', labels: '" + SharedFiles.model("coco_classes.txt") + "'}\n", true);

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("devices[0].profile: camera 'cam-1' uses model 'vehicles'")
                .contains("which vision.models does not define (defined: people)");
    }

    @Test
    void camera_settings_on_a_device_that_is_no_camera_refuse_start() throws Exception {
        Path config = write("store: {path: '" + dir.resolve("gw.db") + "'}\n"
                + "http: {port: 0}\nmqtt: {endpoint: {port: 0}}\ncoap: {port: 0}\n"
                + "devices:\n  - {id: meter, profile: json-telemetry, camera: {confidence: 0.5}}\n");

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("devices[0].camera: device 'meter' has camera settings, but its profile "
                + "has no camera.detection");
    }

    private Path gateway(String models, boolean withCamera) throws Exception {
        return write("store: {path: '" + dir.resolve("gw.db") + "'}\n"
                + "http: {port: 0}\nmqtt: {endpoint: {port: 0}}\ncoap: {port: 0}\n"
                + "vision:\n  models:\n" + models
                + (withCamera ? "devices:\n  - {id: cam-1, profile: ip-camera}\n" : ""));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("gateway-" + List.of(yaml.hashCode()).get(0) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
