package io.ganglion.inference.ocr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.testing.SharedFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong or missing file is refused at load time, with a message naming the key, the file and what was wrong. */
class PpOcrModelLoadTest {
    private static Path detector() {
        return SharedFiles.model("ch_PP-OCRv4_det_infer.onnx");
    }

    private static Path recognizer() {
        return SharedFiles.model("ch_PP-OCRv4_rec_infer.onnx");
    }

    private static Path keys() {
        return SharedFiles.model("ppocr_keys_v1.txt");
    }

    private static ModelSettings settings(Path detector, Path keys, Path recognizer) {
        return ModelSettings.of("signs", ModelFamily.PPOCR, detector, keys).withRecognizer(recognizer);
    }

    @Test
    void cannot_load_an_object_detector_as_the_text_detector() {
        Path yolox = SharedFiles.model("yolox_nano.onnx");

        assertThatThrownBy(() -> PpOcrModel.load(settings(yolox, keys(), recognizer())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model signs")
                .hasMessageContaining("path " + yolox)
                .hasMessageContaining("not a PP-OCR text detector")
                .hasMessageContaining("expected one float input [1,3,-1,-1]")
                .hasMessageContaining("images[1,3,416,416]");
    }

    @Test
    void cannot_load_an_object_detector_as_the_recognizer() {
        Path yolox = SharedFiles.model("yolox_nano.onnx");

        assertThatThrownBy(() -> PpOcrModel.load(settings(detector(), keys(), yolox)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("recognizer " + yolox)
                .hasMessageContaining("not a PP-OCR text recogniser")
                .hasMessageContaining("expected one float input [*,3,48,-1]")
                .hasMessageContaining("output[1,3549,85]");
    }

    @Test
    void cannot_load_the_detector_as_the_recognizer() {
        assertThatThrownBy(() -> PpOcrModel.load(settings(detector(), keys(), detector())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("recognizer " + detector())
                .hasMessageContaining("not a PP-OCR text recogniser")
                .hasMessageContaining("x[-1,3,-1,-1]");
    }

    @Test
    void cannot_load_a_character_list_that_does_not_match_the_recognizer() {
        Path classes = SharedFiles.model("coco_classes.txt");

        assertThatThrownBy(() -> PpOcrModel.load(settings(detector(), classes, recognizer())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("labels " + classes + " has 80 characters")
                .hasMessageContaining("recognizer " + recognizer() + " reads 6625 classes")
                .hasMessageContaining("expected the recogniser's character list, 6623 lines");
    }

    @Test
    void cannot_load_without_a_recognizer_setting() {
        ModelSettings noRecognizer = ModelSettings.of("signs", ModelFamily.PPOCR, detector(), keys());

        assertThatThrownBy(() -> PpOcrModel.load(noRecognizer))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model signs")
                .hasMessageContaining("needs recognizer")
                .hasMessageContaining("not set");
    }

    @Test
    void cannot_load_without_a_labels_setting() {
        assertThatThrownBy(() -> PpOcrModel.load(settings(detector(), null, recognizer())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("needs labels")
                .hasMessageContaining("not set");
    }

    @Test
    void cannot_load_a_missing_file(@TempDir Path dir) {
        Path missing = dir.resolve("nothing.onnx");

        assertThatThrownBy(() -> PpOcrModel.load(settings(missing, keys(), recognizer())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("path " + missing + " does not exist");
        assertThatThrownBy(() -> PpOcrModel.load(settings(detector(), keys(), missing)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("recognizer " + missing + " does not exist");
        assertThatThrownBy(() -> PpOcrModel.load(settings(detector(), dir.resolve("keys.txt"), recognizer())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("labels " + dir.resolve("keys.txt") + " does not exist");
    }
}
