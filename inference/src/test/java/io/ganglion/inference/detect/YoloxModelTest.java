package io.ganglion.inference.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.Detection;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.inference.testing.TestImages;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** YOLOX-Nano on real photos: the classes the reference implementation finds, at the places it finds them. */
class YoloxModelTest {
    private static VisionModel model;
    private static ModelRunner runner;

    @BeforeAll
    static void load() throws Exception {
        model = VisionModels.load(ModelSettings.of("vehicles", ModelFamily.YOLOX,
                SharedFiles.model("yolox_nano.onnx"), SharedFiles.model("coco_classes.txt")));
        runner = model.newRunner();
    }

    @AfterAll
    static void close() {
        if (runner != null) {
            runner.close();
            model.close();
        }
    }

    private static VisionResult run(String image) throws Exception {
        VisionResult result = runner.runJpeg(Files.readAllBytes(SharedFiles.image(image)));
        result.detections().forEach(d -> System.out.printf("%s %s %.2f [%.0f %.0f %.0f %.0f]%n", image, d.label(),
                d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
        return result;
    }

    @Test
    void dogBicycleAndPickup() throws Exception {
        VisionResult result = run("dog.jpg");
        assertThat(result.frameWidth()).isEqualTo(768);
        assertThat(result.frameHeight()).isEqualTo(576);
        // Reference boxes (x1, y1, x2, y2) of the YOLOX demo on this photo; 4 % of the frame's width is allowed.
        assertThat(best(result, "dog")).satisfies(d -> near(d, 133, 207, 326, 543));
        assertThat(best(result, "bicycle")).satisfies(d -> near(d, 54, 137, 572, 423));
        Detection pickup = result.detections().stream().filter(d -> d.label().equals("car")
                || d.label().equals("truck")).findFirst().orElseThrow();
        near(pickup, 466, 78, 692, 171);
        assertThat(best(result, "dog").score()).isGreaterThan(0.75f);
    }

    static Detection best(VisionResult result, String label) {
        return result.detections().stream().filter(d -> d.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + result.detections()));
    }

    static void near(Detection d, float x1, float y1, float x2, float y2) {
        float tolerance = 30;
        assertThat(new float[] {d.x1(), d.y1(), d.x2(), d.y2()}).as("%s box", d.label())
                .containsExactly(new float[] {x1, y1, x2, y2}, org.assertj.core.data.Offset.offset(tolerance));
    }

    @Test
    void sameRunnerSameFrameSameAnswer() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedFiles.image("person.jpg"));
        VisionResult first = runner.runJpeg(jpeg);
        runner.runJpeg(Files.readAllBytes(SharedFiles.image("dog.jpg")));
        VisionResult again = runner.runJpeg(jpeg);
        assertThat(again.detections()).isEqualTo(first.detections());
        assertThat(first.detections()).extracting(Detection::label).contains("person", "horse", "dog");
    }

    @Test
    void aLargeFrameIsDecodedSmallerAndItsBoxesComeBackInItsOwnPixels() throws Exception {
        // dog.jpg at twice its size: the decoder halves it again (both sides stay above 416), and the boxes are
        // scaled back, so they land at twice the reference positions.
        byte[] jpeg = TestImages.rescaled(Files.readAllBytes(SharedFiles.image("dog.jpg")), 1536, 1152, 0.75f);
        VisionResult result = runner.runJpeg(jpeg);
        assertThat(result.frameWidth()).isEqualTo(1536);
        assertThat(result.frameHeight()).isEqualTo(1152);
        Detection dog = best(result, "dog");
        assertThat(new float[] {dog.x1(), dog.y1(), dog.x2(), dog.y2()})
                .containsExactly(new float[] {266, 414, 652, 1086}, org.assertj.core.data.Offset.offset(60f));
    }

    @Test
    void stageTimesAreMeasured() throws Exception {
        VisionResult result = run("dog.jpg");
        assertThat(result.times().decodeNanos()).isPositive();
        assertThat(result.times().preprocessNanos()).isPositive();
        assertThat(result.times().inferenceNanos()).isPositive();
        assertThat(result.times().postprocessNanos()).isPositive();
    }

    @Test
    void freewayHasAtLeastFiveCars() throws Exception {
        VisionResult result = run("coco/000000001532.jpg");
        List<Detection> cars = result.detections().stream().filter(d -> d.label().equals("car")).toList();
        assertThat(cars).hasSizeGreaterThanOrEqualTo(5);
        // The two nearest cars, left and centre, where the reference implementation puts them.
        assertThat(cars).anySatisfy(d -> near(d, 0, 379, 114, 477));
        assertThat(cars).anySatisfy(d -> near(d, 225, 361, 417, 479));
        // Every car is on the road, in the lower half of the photo.
        assertThat(cars).allSatisfy(d -> assertThat(d.centerY()).isGreaterThan(result.frameHeight() / 2f));
    }
}
