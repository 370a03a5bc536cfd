package io.ganglion.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ganglion.inference.image.TensorWriter.ChannelOrder;
import io.ganglion.inference.image.TensorWriter.Normalisation;
import io.ganglion.inference.ort.PinnedIo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorWriterTest {
    /** A frame whose pixel (x, y) is B = x, G = y, R = 200. */
    private static Frame gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Frame frame = Frame.of(image);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                frame.bgr()[i] = (byte) x;
                frame.bgr()[i + 1] = (byte) y;
                frame.bgr()[i + 2] = (byte) 200;
            }
        }
        return frame;
    }

    @Test
    void sameSizeCopiesPixelsIntoPlanesInTheRequestedOrder() {
        Frame frame = gradient(4, 3);
        FloatBuffer out = PinnedIo.directFloats(3 * 4 * 3);
        new TensorWriter().write(frame, 0, 0, 4, 3, 4, 3, 4, 3, 0, ChannelOrder.RGB, Normalisation.RAW, out);
        int plane = 12;
        assertThat(out.get(0)).as("R plane first").isEqualTo(200f);
        assertThat(out.get(plane + 2 * 4 + 1)).as("G at (1, 2)").isEqualTo(2f);
        assertThat(out.get(2 * plane + 2 * 4 + 3)).as("B at (3, 2)").isEqualTo(3f);
    }

    @Test
    void letterboxPadsRightAndBottomAndNormalisesThePadding() {
        Frame frame = gradient(8, 4);
        FloatBuffer out = PinnedIo.directFloats(3 * 8 * 8);
        Normalisation norm = Normalisation.uniform(0.5f, 1f);
        new TensorWriter().write(frame, 0, 0, 8, 4, 4, 2, 8, 8, 114, ChannelOrder.BGR, norm, out);
        // Downscaled by 2: output (1, 1) samples between source columns 2 and 3, rows 2 and 3 -> 2.5 before norm.
        assertThat(out.get(8 + 1)).isCloseTo(2.5f * 0.5f + 1f, within(1e-4f));
        assertThat(out.get(5)).as("right of the image").isEqualTo(114 * 0.5f + 1f);
        assertThat(out.get(7 * 8)).as("below the image").isEqualTo(114 * 0.5f + 1f);
        assertThat(out.get(2 * 64 + 3 * 8 + 3)).as("R plane padding").isEqualTo(114 * 0.5f + 1f);
    }

    @Test
    void meanStdMatchesTheFormula() {
        Normalisation n = Normalisation.meanStd(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f,
                0.225f});
        float v = 180;
        assertThat(v * n.scale()[1] + n.offset()[1]).isCloseTo((v / 255f - 0.456f) / 0.224f, within(1e-5f));
    }
}
