package io.ganglion.inference.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Greedy CTC decoding with PaddleOCR's class layout: 0 blank, then the characters, then a space. */
class PpOcrCtcDecoderTest {
    private final CtcDecoder decoder = new CtcDecoder(List.of("a", "b", "c"));

    /** One time step per class index, with that class at probability p and the rest sharing 1 - p. */
    private FloatBuffer steps(int offset, int[] classes, float[] p) {
        int n = decoder.classes();
        FloatBuffer buffer = FloatBuffer.allocate(offset + classes.length * n);
        for (int t = 0; t < classes.length; t++) {
            for (int c = 0; c < n; c++) {
                buffer.put(offset + t * n + c, c == classes[t] ? p[t] : (1 - p[t]) / (n - 1));
            }
        }
        return buffer;
    }

    @Test
    void has_blank_characters_and_space_as_classes() {
        assertThat(decoder.classes()).isEqualTo(5);
    }

    @Test
    void collapses_repeats_drops_blanks_and_reads_the_last_class_as_a_space() {
        // a a _ a b b _ (space) c  ->  "aab c"
        int[] classes = {1, 1, 0, 1, 2, 2, 0, 4, 3};
        float[] p = {0.9f, 0.8f, 0.99f, 0.7f, 0.6f, 0.9f, 0.99f, 0.8f, 0.5f};

        CtcDecoder.Line line = decoder.decode(steps(7, classes, p), 7, classes.length);

        assertThat(line.text()).isEqualTo("aab c");
        // The first step of each kept run: 0.9, 0.7, 0.6, 0.8, 0.5.
        assertThat(line.score()).isCloseTo(3.5f / 5, within(1e-5f));
    }

    @Test
    void all_blanks_read_as_nothing_with_score_zero() {
        CtcDecoder.Line line = decoder.decode(steps(0, new int[] {0, 0, 0}, new float[] {0.9f, 0.9f, 0.9f}), 0, 3);

        assertThat(line.text()).isEmpty();
        assertThat(line.score()).isZero();
    }
}
