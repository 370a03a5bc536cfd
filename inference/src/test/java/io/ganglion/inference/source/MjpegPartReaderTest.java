package io.ganglion.inference.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on its own, for the malformed streams a test server would not send by accident. */
class MjpegPartReaderTest {
    private final List<String> skipped = new ArrayList<>();

    private List<byte[]> readAll(byte[] stream, String boundary, int max) throws IOException {
        MjpegPartReader reader = new MjpegPartReader(new ByteArrayInputStream(stream), boundary, max);
        List<byte[]> frames = new ArrayList<>();
        for (byte[] frame = reader.next(skipped::add); frame != null; frame = reader.next(skipped::add)) {
            frames.add(frame);
        }
        return frames;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void boundary_token_drops_quotes_and_leading_dashes() {
        assertThat(MjpegPartReader.boundaryToken("multipart/x-mixed-replace; boundary=frame")).isEqualTo("frame");
        assertThat(MjpegPartReader.boundaryToken("multipart/x-mixed-replace;boundary=--frame")).isEqualTo("frame");
        assertThat(MjpegPartReader.boundaryToken("multipart/x-mixed-replace; Boundary=\"--a b\"")).isEqualTo("a b");
        assertThat(MjpegPartReader.boundaryToken("image/jpeg")).isNull();
        assertThat(MjpegPartReader.boundaryToken("multipart/x-mixed-replace; boundary=--")).isNull();
        assertThat(MjpegPartReader.boundaryToken(null)).isNull();
    }

    @Test
    void a_wrong_content_length_costs_at_most_that_frame() throws IOException {
        byte[] a = TestJpegs.jpeg(1);
        byte[] b = TestJpegs.jpeg(2);
        byte[] c = TestJpegs.jpeg(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "preamble the camera sends first\r\n");
        write(out, "--frame\r\nContent-Length: " + (a.length - 10) + "\r\n\r\n");
        out.writeBytes(a);
        write(out, "\r\n--frame\r\nContent-Length: nonsense\r\n\r\n");
        out.writeBytes(b);
        write(out, "\r\n--frame\r\ncontent-length: " + c.length + "\r\n\r\n");
        out.writeBytes(c);
        write(out, "\r\n--frame--\r\n");

        List<byte[]> frames = readAll(out.toByteArray(), "frame", 1 << 20);

        // The short one is delivered cut (the decoder rejects it later); the next ones are intact.
        assertThat(frames).hasSize(3);
        assertThat(frames.get(1)).isEqualTo(b);
        assertThat(frames.get(2)).isEqualTo(c);
    }

    @Test
    void malformed_headers_are_skipped_up_to_the_next_boundary() throws IOException {
        byte[] a = TestJpegs.jpeg(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "--frame\r\nX-Junk: " + "x".repeat(20_000) + "\r\n\r\n");
        out.writeBytes(TestJpegs.jpeg(2));
        write(out, "\r\n--frame\r\nContent-Type: image/jpeg\r\n\r\n\r\n"); // a blank line too many
        out.writeBytes(a);
        write(out, "\r\n--frame--\r\n");

        List<byte[]> frames = readAll(out.toByteArray(), "frame", 1 << 20);

        assertThat(frames).containsExactly(a);
        assertThat(skipped).singleElement().asString().contains("malformed");
    }

    @Test
    void marker_mode_keeps_a_jpeg_whole_across_stuffed_bytes_and_ignores_garbage_between() throws IOException {
        byte[] a = TestJpegs.jpeg(1);
        byte[] b = TestJpegs.jpeg(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "junk");
        out.writeBytes(a);
        write(out, "\r\n--whatever\r\n\r\n");
        out.writeBytes(b);

        List<byte[]> frames = readAll(out.toByteArray(), null, 1 << 20);

        assertThat(frames).containsExactly(a, b);
    }

    @Test
    void marker_mode_skips_an_oversized_jpeg() throws IOException {
        byte[] small = TestJpegs.jpeg(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A JPEG-shaped giant: SOI, one COM segment of 60 KB, EOI, twice over the limit with repeated segments.
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        for (int i = 0; i < 4; i++) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xEA, (byte) 0x60});
            out.writeBytes(new byte[0xEA60 - 2]);
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        out.writeBytes(small);

        List<byte[]> frames = readAll(out.toByteArray(), null, 100_000);

        assertThat(frames).containsExactly(small);
        assertThat(skipped).singleElement().asString().contains("exceeds the limit of 100000");
    }

    @Test
    void keeps_the_last_part_when_the_stream_ends_without_a_closing_boundary() throws IOException {
        byte[] a = TestJpegs.jpeg(1);
        byte[] b = TestJpegs.jpeg(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "--frame\r\n\r\n");
        out.writeBytes(a);
        write(out, "\r\n--frame\r\n\r\n");
        out.writeBytes(b);
        write(out, "\r\n");

        assertThat(readAll(out.toByteArray(), "frame", 1 << 20)).containsExactly(a, b);
    }

    @Test
    void drops_a_last_part_cut_short_by_the_end_of_the_stream() throws IOException {
        byte[] a = TestJpegs.jpeg(1);
        byte[] b = TestJpegs.jpeg(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "--frame\r\n\r\n");
        out.writeBytes(a);
        write(out, "\r\n--frame\r\n\r\n");
        out.write(b, 0, b.length / 2);

        assertThat(readAll(out.toByteArray(), "frame", 1 << 20)).containsExactly(a);
    }
}
