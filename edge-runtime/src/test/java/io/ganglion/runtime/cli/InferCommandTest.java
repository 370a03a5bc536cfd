package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.testing.SharedFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganglion infer}: the real YOLOX-Nano on the real dog photo. */
class InferCommandTest {
    @TempDir
    Path dir;

    @Test
    void prints_the_detections_of_dog_jpg_and_writes_an_annotated_jpeg() throws Exception {
        Path out = dir.resolve("annotated.jpg");

        CommandRun run = CommandRun.of("infer", "--model", SharedFiles.model("yolox_nano.onnx").toString(),
                "--labels", SharedFiles.model("coco_classes.txt").toString(),
                "--image", SharedFiles.image("dog.jpg").toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("in 768x576").containsPattern("(?m)^dog +0\\.[6-9]\\d\\d  box \\d+")
                .containsPattern("(?m)^bicycle +0\\.\\d+  box ").contains("times: decode ").contains("inference ");
        BufferedImage annotated = ImageIO.read(out.toFile());
        assertThat(annotated.getWidth()).isEqualTo(768);
        assertThat(annotated.getHeight()).isEqualTo(576);
    }

    @Test
    void a_model_of_another_family_or_a_missing_file_exits_with_2() throws Exception {
        CommandRun wrongFamily = CommandRun.of("infer", "--model",
                SharedFiles.model("mobilenetv2-12-int8.onnx").toString(),
                "--labels", SharedFiles.model("coco_classes.txt").toString(),
                "--image", SharedFiles.image("dog.jpg").toString());
        CommandRun missing = CommandRun.of("infer", "--model", dir.resolve("absent.onnx").toString(),
                "--image", SharedFiles.image("dog.jpg").toString());
        CommandRun badFamily = CommandRun.of("infer", "--model", SharedFiles.model("yolox_nano.onnx").toString(),
                "--image", SharedFiles.image("dog.jpg").toString(), "--family", "yolo");

        assertThat(wrongFamily.exitCode()).isEqualTo(2);
        assertThat(wrongFamily.err()).contains("mobilenetv2-12-int8.onnx as --family yolox");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--model: no such file: ").contains("absent.onnx");
        assertThat(badFamily.exitCode()).isEqualTo(2);
        assertThat(badFamily.err()).contains("'yolo' is not a model family; expected one of yolox");
    }
}
