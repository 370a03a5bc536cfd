package io.ganglion.inference.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.testing.SharedFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ColourProfileSkipperTest {
    @Test
    void skipsTheIccSegmentOfAPhotoThatHasOne() throws Exception {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        List<int[]> kept = ColourProfileSkipper.keptRanges(dog);
        assertThat(kept).hasSize(2);
        int keptBytes = kept.stream().mapToInt(r -> r[1] - r[0]).sum();
        assertThat(dog.length - keptBytes).as("the APP2 segment with its marker").isEqualTo(3162);
        byte[] stripped = ColourProfileSkipper.open(dog).readAllBytes();
        assertThat(stripped).hasSize(keptBytes);
    }

    @Test
    void decodedPixelsAreThoseOfThePhoto() throws Exception {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(dog));
        try (JpegDecoder decoder = new JpegDecoder()) {
            Frame frame = decoder.decode(dog);
            for (int[] p : new int[][] {{0, 0}, {300, 300}, {767, 575}, {500, 100}}) {
                int rgb = reference.getRGB(p[0], p[1]);
                int i = (p[1] * frame.width() + p[0]) * 3;
                assertThat(frame.bgr()[i] & 0xff).isCloseTo(rgb & 0xff, org.assertj.core.data.Offset.offset(3));
                assertThat(frame.bgr()[i + 2] & 0xff).isCloseTo((rgb >> 16) & 0xff,
                        org.assertj.core.data.Offset.offset(3));
            }
        }
    }

    @Test
    void leavesOtherJpegsAndOddLayoutsAlone() throws Exception {
        byte[] freeway = Files.readAllBytes(SharedFiles.image("coco/000000001532.jpg"));
        assertThat(ColourProfileSkipper.keptRanges(freeway)).isNull();
        byte[] broken = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE2, (byte) 0x7F, (byte) 0xFF, 1, 2};
        assertThat(ColourProfileSkipper.keptRanges(broken)).as("a length beyond the end").isNull();
        byte[] notMarker = {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34, 0, 0};
        assertThat(ColourProfileSkipper.keptRanges(notMarker)).isNull();
    }
}
