package io.ganglion.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.DeviceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo declares to its gateway for a scenario, and what it says when the detection model is missing. */
class DemoScenarioTest {
    @TempDir
    Path dir;

    @Test
    void the_intersection_declares_every_device_with_loop_detectors_on_pins_of_their_own() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.write(photos.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});

        DemoScenario scenario = DemoScenario.load("intersection", photos, Instant.now());

        assertThat(scenario.name()).isEqualTo("intersection");
        assertThat(scenario.devices()).hasSize(21);
        assertThat(scenario.cameras()).isEqualTo(4);
        List<DeviceConfig> loops = scenario.devices().stream().filter(d -> d.id().startsWith("loop-")).toList();
        assertThat(loops).hasSize(8).allSatisfy(d -> {
            assertThat(d.profile()).isEqualTo("inductive-loop-detector");
            assertThat(d.pins()).containsOnlyKeys("loop", "fault");
        });
        Set<Integer> pins = new HashSet<>();
        loops.forEach(d -> pins.addAll(d.pins().values()));
        assertThat(pins).as("distinct BCM pins").hasSize(16).allSatisfy(pin -> assertThat(pin).isBetween(4, 27));
        assertThat(scenario.pins()).hasSize(8);
        // The air nodes change firmware during the run: their profile follows the firmware, by model.
        assertThat(scenario.devices().stream().filter(d -> d.id().startsWith("air-")))
                .hasSize(4).allSatisfy(d -> {
                    assertThat(d.profile()).isNull();
                    assertThat(d.model()).isEqualTo("airq-node");
                    assertThat(d.firmware()).isEqualTo("1.3.0");
                });
        assertThat(scenario.devices()).filteredOn(d -> d.id().startsWith("noise-"))
                .extracting(DeviceConfig::profile).containsOnly("noise-level-meter");
        assertThat(scenario.devices()).filteredOn(d -> d.id().startsWith("cam-"))
                .extracting(DeviceConfig::profile).containsOnly("ip-camera");
    }

    @Test
    void without_the_detection_model_the_cameras_are_left_out_and_the_rest_is_played() throws Exception {
        DemoVision vision = new DemoVision(dir.resolve("shared"));

        assertThat(vision.missing()).contains(dir.resolve("shared/models/yolox_nano.onnx"));
        assertThat(DemoVision.howToGet(vision.missing().orElseThrow())).contains("yolox_nano.onnx is missing")
                .contains("MODELS.md").contains("--shared");
        DemoScenario scenario = DemoScenario.load("intersection", null, Instant.now());
        assertThat(scenario.cameras()).isZero();
        assertThat(scenario.devices()).hasSize(17).noneMatch(d -> d.id().startsWith("cam-"));
    }

    @Test
    void the_shared_directory_is_found_next_to_the_project_root() {
        // The tests run in edge-runtime/, under the project root that holds .ci.
        assertThat(DemoVision.find().shared().getFileName().toString()).isEqualTo("shared");
        assertThat(DemoVision.find().shared().getParent().resolve(Path.of("").toAbsolutePath().getParent()
                .getFileName()).resolve(".ci")).isDirectory();
    }
}
