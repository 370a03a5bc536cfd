package io.ganglion.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.inference.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JpegDecoderTest {
    @ParameterizedTest(name = "{0}x{1} for {2} px: factor {3}")
    @CsvSource({
            "1920, 1080, 416, 2",
            "768, 576, 416, 1",
            "768, 576, 200, 2",
            "768, 576, 100, 5",
            "831, 831, 416, 2",
            "830, 830, 416, 1",
            "300, 200, 416, 1",
            "3840, 2160, 416, 5",
    })
    void subsampling_is_the_largest_factor_keeping_both_sides_at_the_target(int width, int height, int target,
                                                                             int factor) {
        assertThat(JpegDecoder.subsampling(width, height, target)).isEqualTo(factor);
    }

    @Test
    void uses_the_jdk_reader_even_with_another_jpeg_plugin_registered_first() {
        // TwelveMonkeys is on this module's test class path and registers itself ahead of the JDK's reader.
        assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName())
                .startsWith("com.twelvemonkeys");
        assertThat(JpegDecoder.jdkReader().getClass().getName()).startsWith(JpegDecoder.JDK_READER_PACKAGE);
    }

    @Test
    void decodes_a_photo_at_full_size_when_it_is_not_much_larger_than_the_target() throws IOException {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        try (JpegDecoder decoder = new JpegDecoder()) {
            Frame frame = decoder.decode(dog, 416);
            assertThat(frame.width()).isEqualTo(768);
            assertThat(frame.height()).isEqualTo(576);
        }
    }

    @Test
    void decodes_1080p_at_half_size_for_a_416_model_with_the_pixels_of_a_full_decode() throws IOException {
        byte[] fullHd = encode1080p(ImageIO.read(SharedFiles.image("dog.jpg").toFile()));
        try (JpegDecoder full = new JpegDecoder(); JpegDecoder half = new JpegDecoder()) {
            Frame reference = full.decode(fullHd);
            Frame small = half.decode(fullHd, 416);

            assertThat(reference.width()).isEqualTo(1920);
            assertThat(small.width()).isEqualTo(960);
            assertThat(small.height()).isEqualTo(540);
            assertThat(small.bgr()).hasSize(960 * 540 * 3);
            // Subsampling keeps every second pixel of every second row; allow for the reader's rounding.
            long sum = 0;
            int worst = 0;
            for (int y = 0; y < 540; y++) {
                for (int x = 0; x < 960; x++) {
                    for (int c = 0; c < 3; c++) {
                        int a = small.bgr()[(y * 960 + x) * 3 + c] & 0xff;
                        int b = reference.bgr()[((2 * y) * 1920 + 2 * x) * 3 + c] & 0xff;
                        sum += Math.abs(a - b);
                        worst = Math.max(worst, Math.abs(a - b));
                    }
                }
            }
            double mean = sum / (960.0 * 540 * 3);
            assertThat(mean).isLessThan(2.0);
            assertThat(worst).isLessThan(64);
        }
    }

    @Test
    void reuses_the_pixel_buffer_for_frames_of_one_size() throws IOException {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        try (JpegDecoder decoder = new JpegDecoder()) {
            byte[] first = decoder.decode(dog, 200).bgr();
            byte[] second = decoder.decode(dog, 200).bgr();
            assertThat(second).isSameAs(first);
            assertThat(decoder.decode(dog).width()).isEqualTo(768);
        }
    }

    @Test
    void refuses_a_target_below_one_and_bytes_that_are_no_jpeg() throws IOException {
        try (JpegDecoder decoder = new JpegDecoder()) {
            assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
            assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1}, 416))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a readable JPEG");
        }
    }

    /** A camera's 1080p frame: the photo scaled up and encoded by the JDK at quality 0.85. */
    static byte[] encode1080p(BufferedImage photo) throws IOException {
        return TestImages.rescaled(photo, 1920, 1080, 0.85f);
    }

    @Test
    void ignores_an_embedded_icc_profile() throws IOException {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg")); // carries an sRGB ICC profile in APP2
        byte[] stripped = JpegDecoder.withoutIccProfile(dog);

        assertThat(new String(dog, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("ICC_PROFILE");
        assertThat(new String(stripped, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ICC_PROFILE");
        assertThat(dog.length - stripped.length).isBetween(100, 10_000);
        // The image data after the header is untouched.
        assertThat(java.util.Arrays.copyOfRange(stripped, stripped.length - 100_000, stripped.length))
                .isEqualTo(java.util.Arrays.copyOfRange(dog, dog.length - 100_000, dog.length));
        try (JpegDecoder decoder = new JpegDecoder()) {
            Frame frame = decoder.decode(dog);
            assertThat(frame.width()).isEqualTo(768);
            // Same pixels as ImageIO's colour-managed decode: the profile is sRGB.
            BufferedImage managed = ImageIO.read(new java.io.ByteArrayInputStream(dog));
            assertThat(Frame.of(managed).bgr()).isEqualTo(frame.bgr());
        }
    }

    @Test
    void leaves_a_jpeg_without_a_profile_or_with_a_broken_header_as_it_is() {
        byte[] plain = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 1, 2, (byte) 0xFF, (byte) 0xDA, 0};
        assertThat(JpegDecoder.withoutIccProfile(plain)).isSameAs(plain);
        byte[] truncated = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE2, 0x10, 0, 'I', 'C', 'C'};
        assertThat(JpegDecoder.withoutIccProfile(truncated)).isSameAs(truncated);
        byte[] notSegments = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5};
        assertThat(JpegDecoder.withoutIccProfile(notSegments)).isSameAs(notSegments);
    }

    @Test
    void removes_every_icc_segment_and_only_those() {
        byte[] icc = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        in.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, 0, (byte) (2 + icc.length + 2)});
        in.writeBytes(icc);
        in.writeBytes(new byte[] {1, 1});
        in.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, 0, 6, 'M', 'P', 'F', 0}); // APP2, not a profile
        in.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, 0, (byte) (2 + icc.length + 1)});
        in.writeBytes(icc);
        in.writeBytes(new byte[] {2});
        in.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2, 9, 9, (byte) 0xFF, (byte) 0xD9});

        byte[] out = JpegDecoder.withoutIccProfile(in.toByteArray());

        assertThat(out).containsExactly(0xFF, 0xD8, 0xFF, 0xE2, 0, 6, 'M', 'P', 'F', 0, 0xFF, 0xDA, 0, 2, 9, 9, 0xFF,
                0xD9);
    }
}
