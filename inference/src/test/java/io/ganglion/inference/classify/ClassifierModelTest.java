package io.ganglion.inference.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.Detection;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.testing.SharedFiles;
import java.nio.file.Files;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** MobileNetV2 (int8, ONNX model zoo) on a real photo. */
class ClassifierModelTest {
    @Test
    void eagleIsABaldEagle() throws Exception {
        try (VisionModel model = VisionModels.load(ModelSettings.of("imagenet", ModelFamily.CLASSIFICATION,
                SharedFiles.model("mobilenetv2-12-int8.onnx"), null));
             ModelRunner runner = model.newRunner()) {
            VisionResult result = runner.runJpeg(Files.readAllBytes(SharedFiles.image("eagle.jpg")));
            Detection best = result.detections().get(0);
            assertThat(best.classId()).isEqualTo(22);
            assertThat(best.label()).as("no labels file: classes are named by index").isEqualTo("class-22");
            assertThat(best.score()).isGreaterThan(0.3f);
            assertThat(best.x2()).isEqualTo(result.frameWidth());
            // Best first, at most five, each above the threshold.
            assertThat(result.detections()).hasSizeBetween(1, 5)
                    .isSortedAccordingTo(Comparator.comparing(Detection::score).reversed());
        }
    }
}
