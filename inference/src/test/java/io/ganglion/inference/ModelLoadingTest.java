package io.ganglion.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.inference.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything wrong with a model is found when it is loaded, and said plainly. */
class ModelLoadingTest {
    @TempDir
    Path dir;

    private static Path yolox() {
        return SharedFiles.model("yolox_nano.onnx");
    }

    private static Path coco() {
        return SharedFiles.model("coco_classes.txt");
    }

    @Test
    void missingModelFileNamesTheKeyAndFile() {
        Path missing = dir.resolve("nowhere.onnx");
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX, missing, coco())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model cars: path " + missing + " does not exist");
    }

    @Test
    void notAnOnnxFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("model.onnx"), "this is not a model");
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("cars", ModelFamily.GENERIC, garbage, null)))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model cars: path " + garbage + " is not a model ONNX Runtime can load");
    }

    @Test
    void classifierConfiguredAsYolox() {
        Path mobilenet = SharedFiles.model("mobilenetv2-12-int8.onnx");
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX, mobilenet, coco())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("path " + mobilenet + " is not a YOLOX detector")
                .hasMessageContaining("output[-1,1000]");
    }

    @Test
    void detectorConfiguredAsClassifierOrFaceDetector() {
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("x", ModelFamily.CLASSIFICATION, yolox(), null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("is not an image classifier");
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("x", ModelFamily.ULTRAFACE, yolox(), null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("is not an UltraFace detector");
    }

    @Test
    void faceDetectorConfiguredAsYolox() {
        Path ultraface = SharedFiles.model("ultraface-version-RFB-320.onnx");
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("x", ModelFamily.YOLOX, ultraface, coco())))
                .isInstanceOf(ModelException.class).hasMessageContaining("is not a YOLOX detector");
    }

    @Test
    void yoloxNeedsLabelsThatMatchItsClasses() throws Exception {
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX, yolox(), null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("a yolox model needs labels");
        Path three = Files.write(dir.resolve("three.txt"), List.of("car", "bus", "truck"));
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX, yolox(), three)))
                .isInstanceOf(ModelException.class)
                .hasMessage("model cars: labels " + three + " has 3 names but the model " + yolox()
                        + " has 80 classes");
        Path missing = dir.resolve("labels.txt");
        assertThatThrownBy(() -> VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX, yolox(), missing)))
                .isInstanceOf(ModelException.class).hasMessage("model cars: labels " + missing + " does not exist");
    }

    @Test
    void optimisedGraphIsCachedAndReusedWithTheSameResults() throws Exception {
        Path cache = dir.resolve("cache");
        ModelSettings settings = ModelSettings.of("cars", ModelFamily.YOLOX, yolox(), coco())
                .withSession(2, GraphOptimization.EXTENDED, cache);
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        VisionResult first;
        try (VisionModel model = VisionModels.load(settings); ModelRunner runner = model.newRunner()) {
            first = runner.runJpeg(dog);
        }
        List<Path> cached;
        try (var files = Files.list(cache)) {
            cached = files.toList();
        }
        assertThat(cached).hasSize(1);
        assertThat(cached.get(0).getFileName().toString()).startsWith("cars-path-").endsWith("-extended-ort"
                + io.ganglion.inference.ort.OrtSessions.environment().getVersion() + ".onnx");
        long written = Files.getLastModifiedTime(cached.get(0)).toMillis();
        try (VisionModel model = VisionModels.load(settings); ModelRunner runner = model.newRunner()) {
            assertThat(runner.runJpeg(dog).detections()).isEqualTo(first.detections());
        }
        assertThat(Files.getLastModifiedTime(cached.get(0)).toMillis()).as("reused, not rewritten")
                .isEqualTo(written);
    }

    @Test
    void aCorruptCachedGraphIsReplaced() throws Exception {
        Path cache = dir.resolve("cache");
        ModelSettings settings = ModelSettings.of("cars", ModelFamily.YOLOX, yolox(), coco())
                .withSession(1, GraphOptimization.BASIC, cache);
        VisionModels.load(settings).close();
        Path cached;
        try (var files = Files.list(cache)) {
            cached = files.findFirst().orElseThrow();
        }
        Files.writeString(cached, "truncated by a power cut");
        try (VisionModel model = VisionModels.load(settings); ModelRunner runner = model.newRunner()) {
            assertThat(runner.runJpeg(Files.readAllBytes(SharedFiles.image("dog.jpg"))).detections()).isNotEmpty();
        }
        assertThat(Files.size(cached)).isGreaterThan(1_000_000);
    }

    @Test
    void genericModelReturnsRawTensors() throws Exception {
        try (VisionModel model = VisionModels.load(ModelSettings.of("raw", ModelFamily.GENERIC, yolox(), null));
             ModelRunner runner = model.newRunner()) {
            VisionResult result = runner.runJpeg(Files.readAllBytes(SharedFiles.image("dog.jpg")));
            assertThat(result.detections()).isEmpty();
            assertThat(result.raw()).singleElement().satisfies(t -> {
                assertThat(t.shape()).containsExactly(1, 3549, 85);
                assertThat(t.values()).hasSize(3549 * 85);
            });
        }
    }

    @Test
    void anUndecodableFrameFailsThatFrameOnly() throws Exception {
        try (VisionModel model = VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX, yolox(), coco()));
             ModelRunner runner = model.newRunner()) {
            byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
            byte[] truncated = java.util.Arrays.copyOf(dog, 300);
            assertThatThrownBy(() -> runner.runJpeg("hello".getBytes()))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("not a JPEG or PNG image");
            assertThatThrownBy(() -> runner.runJpeg(truncated)).isInstanceOf(InferenceException.class);
            assertThat(runner.runJpeg(dog).detections()).isNotEmpty();
        }
    }

    @Test
    void familiesByConfigurationName() {
        assertThat(ModelFamily.fromKey("YOLOX")).isEqualTo(ModelFamily.YOLOX);
        assertThatThrownBy(() -> ModelFamily.fromKey("yolo"))
                .hasMessage("'yolo' is not a model family; expected one of yolox, classification, ultraface,"
                        + " ppocr, generic");
    }
}
