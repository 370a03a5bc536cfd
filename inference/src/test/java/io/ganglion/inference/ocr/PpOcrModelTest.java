package io.ganglion.inference.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ganglion.inference.Detection;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.image.Frame;
import io.ganglion.inference.testing.SharedFiles;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real PP-OCRv4 models on real photos (../shared). One model and one runner for the class, as a camera worker
 * has: loading takes seconds, and every test's frame then also checks that the runner's reused buffers leave nothing
 * behind for the next frame, whatever its size.
 */
class PpOcrModelTest {
    /** 000000001532.jpg (640x480): where each sign's word is, read off the photo. */
    private record SignWord(String word, float centerX, float centerY) {
    }

    private static final List<SignWord> SIGN_WORDS = List.of(
            new SignWord("Hollywood", 358, 223),
            new SignWord("Sunset", 450, 223),
            new SignWord("Ventura", 178, 249),
            new SignWord("NORTH", 109, 236),
            new SignWord("NORTH", 244, 227),
            new SignWord("101", 110, 255),
            new SignWord("101", 247, 245),
            new SignWord("EXIT", 610, 312));
    /** How far a box centre may be from where the word is, as a fraction of the image's width and height. */
    private static final float TOLERANCE = 0.06f;

    private static VisionModel model;
    private static ModelRunner runner;
    private static byte[] signsJpeg;
    /** The road-sign photo, read once. */
    private static VisionResult signs;

    static ModelSettings settings() {
        return ModelSettings.of("signs", ModelFamily.PPOCR, SharedFiles.model("ch_PP-OCRv4_det_infer.onnx"),
                        SharedFiles.model("ppocr_keys_v1.txt"))
                .withRecognizer(SharedFiles.model("ch_PP-OCRv4_rec_infer.onnx"))
                .withScoreThreshold(0.5f);
    }

    @BeforeAll
    static void load() throws Exception {
        model = VisionModels.load(settings()); // through the family switch, as the gateway loads it
        runner = model.newRunner();
        signsJpeg = photo("coco/000000001532.jpg");
        signs = runner.runJpeg(signsJpeg);
    }

    @AfterAll
    static void close() {
        if (runner != null) {
            runner.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static byte[] photo(String name) throws Exception {
        return Files.readAllBytes(SharedFiles.image(name));
    }

    @Test
    void reads_the_road_sign_words_where_they_are_on_the_signs() {
        VisionResult result = signs;

        assertThat(result.frameWidth()).isEqualTo(640);
        assertThat(result.frameHeight()).isEqualTo(480);
        int found = 0;
        for (SignWord sign : SIGN_WORDS) {
            if (result.detections().stream().anyMatch(d -> readsAt(d, sign, result))) {
                found++;
            }
        }
        assertThat(found).as("sign words read at their place on the sign, of %s; read %s", SIGN_WORDS,
                describe(result)).isGreaterThanOrEqualTo(5);
        for (Detection d : result.detections()) {
            List<SignWord> places = SIGN_WORDS.stream()
                    .filter(w -> d.text().toLowerCase(Locale.ROOT).contains(w.word().toLowerCase(Locale.ROOT)))
                    .toList();
            assertThat(places.isEmpty() || places.stream().anyMatch(w -> readsAt(d, w, result)))
                    .as("'%s' read at (%.0f, %.0f), far from where it is on the signs %s", d.text(), d.centerX(),
                            d.centerY(), places)
                    .isTrue();
        }
        assertThat(result.detections()).allSatisfy(d -> {
            assertThat(d.classId()).isEqualTo(-1);
            assertThat(d.label()).isEqualTo("text");
            assertThat(d.score()).isBetween(0.5f, 1f);
            assertThat(d.x1()).isGreaterThanOrEqualTo(0);
            assertThat(d.x2()).isLessThanOrEqualTo(640);
            assertThat(d.y1()).isGreaterThanOrEqualTo(0);
            assertThat(d.y2()).isLessThanOrEqualTo(480);
            assertThat(d.text()).isNotBlank();
        });
        assertThat(result.times().decodeNanos()).isPositive();
        assertThat(result.times().preprocessNanos()).isPositive();
        assertThat(result.times().inferenceNanos()).isPositive();
        assertThat(result.times().postprocessNanos()).isPositive();
    }

    private static boolean readsAt(Detection d, SignWord sign, VisionResult result) {
        return d.text().toLowerCase(Locale.ROOT).contains(sign.word().toLowerCase(Locale.ROOT))
                && Math.abs(d.centerX() - sign.centerX()) <= TOLERANCE * result.frameWidth()
                && Math.abs(d.centerY() - sign.centerY()) <= TOLERANCE * result.frameHeight();
    }

    private static String describe(VisionResult result) {
        StringBuilder s = new StringBuilder();
        for (Detection d : result.detections()) {
            s.append(String.format(Locale.ROOT, "%n  '%s' %.2f at (%.0f, %.0f)", d.text(), d.score(), d.centerX(),
                    d.centerY()));
        }
        return s.toString();
    }

    @Test
    void lines_come_in_reading_order() {
        List<String> texts = signs.detections().stream().map(Detection::text).toList();
        assertThat(texts).containsSubsequence("Hollywood", "Sunset");
        assertThat(texts).containsSubsequence("Ventura", "EXIT");
    }

    @Test
    void a_photo_without_text_gives_few_lines() throws Exception {
        assertThat(runner.runJpeg(photo("eagle.jpg")).detections()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void a_uniform_frame_gives_no_lines() throws Exception {
        BufferedImage grey = new BufferedImage(320, 200, BufferedImage.TYPE_3BYTE_BGR);
        var graphics = grey.createGraphics();
        graphics.setColor(new Color(128, 128, 128));
        graphics.fillRect(0, 0, 320, 200);
        graphics.dispose();

        VisionResult result = runner.run(Frame.of(grey));

        assertThat(result.detections()).isEmpty();
        assertThat(result.frameWidth()).isEqualTo(320);
    }

    @Test
    void the_runner_gives_the_same_lines_again_after_frames_of_other_sizes() throws Exception {
        List<Detection> again = runner.runJpeg(signsJpeg).detections();
        runner.runJpeg(photo("eagle.jpg"));
        runner.run(Frame.of(new BufferedImage(100, 60, BufferedImage.TYPE_3BYTE_BGR)));
        List<Detection> afterOthers = runner.runJpeg(signsJpeg).detections();

        assertThat(signs.detections()).isNotEmpty();
        assertThat(again).isEqualTo(signs.detections());
        assertThat(afterOthers).isEqualTo(signs.detections());
    }

    @Test
    void a_second_runner_reads_the_same_lines() throws Exception {
        try (ModelRunner second = model.newRunner()) {
            assertThat(second.runJpeg(signsJpeg).detections()).isEqualTo(signs.detections());
        }
    }

    @Test
    void a_frame_larger_than_the_detector_limit_gives_boxes_in_its_own_pixels() throws Exception {
        BufferedImage photo = ImageIO.read(SharedFiles.image("coco/000000001532.jpg").toFile());
        BufferedImage doubled = new BufferedImage(1280, 960, BufferedImage.TYPE_3BYTE_BGR);
        var graphics = doubled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(photo, 0, 0, 1280, 960, null);
        graphics.dispose();

        VisionResult result = runner.run(Frame.of(doubled));

        SignWord hollywood = SIGN_WORDS.get(0);
        assertThat(result.detections()).as(describe(result)).anySatisfy(d -> {
            assertThat(d.text()).containsIgnoringCase(hollywood.word());
            assertThat(d.centerX()).isCloseTo(2 * hollywood.centerX(), within(TOLERANCE * 1280));
            assertThat(d.centerY()).isCloseTo(2 * hollywood.centerY(), within(TOLERANCE * 960));
        });
    }

    @Test
    void a_tiny_frame_is_read_without_error() throws Exception {
        BufferedImage tiny = new BufferedImage(7, 5, BufferedImage.TYPE_3BYTE_BGR);
        assertThat(runner.run(Frame.of(tiny)).detections()).isEmpty();
    }
}
