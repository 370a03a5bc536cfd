package io.ganglion.inference.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Input sizes: the detector's multiples of 32, the recogniser's widths. */
class PpOcrSizesTest {
    @Test
    void the_detector_input_is_the_frame_rounded_to_multiples_of_32() {
        assertThat(PpOcrRunner.detectorSide(640, 1f)).isEqualTo(640);
        assertThat(PpOcrRunner.detectorSide(500, 1f)).isEqualTo(512);
        assertThat(PpOcrRunner.detectorSide(5, 1f)).isEqualTo(32);
        // A 1920x1080 frame scaled so its longer side is 960.
        assertThat(PpOcrRunner.detectorSide(1920, 0.5f)).isEqualTo(960);
        assertThat(PpOcrRunner.detectorSide(1080, 0.5f)).isEqualTo(544);
    }

    @Test
    void a_recognizer_line_is_at_least_160_wide_a_multiple_of_the_step_and_at_most_960() {
        assertThat(PpOcrRunner.recognizerWidth(2f, 8)).isEqualTo(160);
        assertThat(PpOcrRunner.recognizerWidth(10.1f, 8)).isEqualTo(488);
        assertThat(PpOcrRunner.recognizerWidth(50f, 8)).isEqualTo(960);
    }
}
