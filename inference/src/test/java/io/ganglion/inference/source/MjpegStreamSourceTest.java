package io.ganglion.inference.source;

import static io.ganglion.inference.source.CameraServer.part;
import static io.ganglion.inference.source.CameraServer.streamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.inference.testing.SharedFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MjpegStreamSourceTest {
    private static final Duration RECONNECT = Duration.ofMillis(50);

    private CameraServer camera;
    private final RecordingSink sink = new RecordingSink();
    private final List<FrameSource> sources = new ArrayList<>();

    @BeforeEach
    void startCamera() throws Exception {
        camera = new CameraServer();
    }

    @AfterEach
    void stop() {
        sources.forEach(FrameSource::close);
        camera.close();
    }

    private MjpegStreamSource start(String path, SourceLimits limits) {
        MjpegStreamSource source = new MjpegStreamSource("cam-1", camera.uri(path), RECONNECT, limits);
        sources.add(source);
        source.start(sink);
        return source;
    }

    private MjpegStreamSource start(String path) {
        return start(path, SourceLimits.defaults());
    }

    /** Serves the same frames on every connection, then ends the response. */
    private void serveFrames(String path, String contentType, String bodyBoundary, boolean contentLength,
                             List<byte[]> frames) {
        camera.serve(path, (exchange, connection) -> {
            streamHeaders(exchange, contentType);
            OutputStream out = exchange.getResponseBody();
            for (byte[] frame : frames) {
                part(out, bodyBoundary, frame, contentLength);
            }
            out.write((bodyBoundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    @Test
    void delivers_real_photos_from_parts_with_content_length() throws Exception {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        byte[] coco = Files.readAllBytes(SharedFiles.image("coco/000000001532.jpg"));
        serveFrames("/video", "multipart/x-mixed-replace; boundary=frame", "--frame", true, List.of(dog, coco));

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);
        assertThat(sink.jpegs().get(0)).isEqualTo(dog);
        assertThat(sink.jpegs().get(1)).isEqualTo(coco);
        CameraFrame first = sink.frames.get(0);
        assertThat(first.cameraId()).isEqualTo("cam-1");
        assertThat(first.origin()).isEqualTo("mjpeg " + camera.uri("/video"));
        assertThat(first.capturedAt()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        assertThat(sink.threads).allSatisfy(t -> assertThat(t.getName()).isEqualTo("mjpeg-cam-1"));
    }

    @Test
    void delivers_parts_without_content_length() {
        List<byte[]> frames = List.of(TestJpegs.jpeg(1), TestJpegs.jpeg(2), TestJpegs.jpeg(3));
        serveFrames("/video", "multipart/x-mixed-replace;boundary=frame", "--frame", false, frames);

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 3);
        assertThat(sink.jpegs().subList(0, 3)).containsExactlyElementsOf(frames);
    }

    @ParameterizedTest(name = "header boundary {0}, body delimiter {1}, Content-Length {2}")
    @CsvSource({
            "myboundary, --myboundary, true",
            "myboundary, --myboundary, false",
            "--myboundary, --myboundary, true",
            "--myboundary, --myboundary, false",
            "--myboundary, ----myboundary, true",
            "--myboundary, ----myboundary, false",
            "\"ipcam\", --ipcam, false",
    })
    void finds_the_boundary_with_or_without_leading_dashes(String headerBoundary, String bodyDelimiter,
                                                           boolean contentLength) {
        List<byte[]> frames = List.of(TestJpegs.jpeg(1), TestJpegs.jpeg(2));
        serveFrames("/video", "multipart/x-mixed-replace; boundary=" + headerBoundary, bodyDelimiter,
                contentLength, frames);

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);
        assertThat(sink.jpegs().subList(0, 2)).containsExactlyElementsOf(frames);
    }

    @Test
    void cuts_frames_at_jpeg_markers_when_there_is_no_boundary() throws Exception {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        byte[] small = TestJpegs.jpeg(4);
        camera.serve("/video", (exchange, connection) -> {
            streamHeaders(exchange, "image/jpeg");
            OutputStream out = exchange.getResponseBody();
            out.write(dog);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(small);
            out.flush();
        });

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);
        assertThat(sink.jpegs().get(0)).isEqualTo(dog);
        assertThat(sink.jpegs().get(1)).isEqualTo(small);
    }

    @Test
    void reconnects_after_the_camera_drops_the_connection_mid_frame() {
        byte[] a = TestJpegs.jpeg(1);
        byte[] b = TestJpegs.jpeg(2);
        byte[] c = TestJpegs.jpeg(3);
        AtomicInteger connections = camera.serve("/video", (exchange, connection) -> {
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=frame");
            if (connection == 1) {
                // A fixed length the camera never reaches: closing early cuts the TCP connection.
                exchange.sendResponseHeaders(200, 10_000_000);
                OutputStream out = exchange.getResponseBody();
                part(out, "--frame", a, true);
                out.write(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + b.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(b, 0, b.length / 2);
                out.flush();
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 3; i++) {
                part(out, "--frame", c, true);
            }
        });

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 4);
        assertThat(connections.get()).isGreaterThanOrEqualTo(2);
        assertThat(sink.jpegs().get(0)).isEqualTo(a);
        assertThat(sink.jpegs().subList(1, 4)).allSatisfy(frame -> assertThat(frame).isEqualTo(c));
        assertThat(sink.problems.get(0)).contains("reading " + camera.uri("/video") + " failed");
    }

    @Test
    void reports_an_http_error_and_retries() {
        byte[] a = TestJpegs.jpeg(1);
        AtomicInteger connections = camera.serve("/video", (exchange, connection) -> {
            if (connection < 3) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            streamHeaders(exchange, "multipart/x-mixed-replace; boundary=frame");
            part(exchange.getResponseBody(), "--frame", a, true);
        });

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
        assertThat(connections.get()).isGreaterThanOrEqualTo(3);
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("HTTP 503"));
    }

    @Test
    void skips_and_reports_parts_over_the_limit_with_and_without_content_length() {
        byte[] a = TestJpegs.jpeg(1);
        byte[] b = TestJpegs.jpeg(2);
        byte[] c = TestJpegs.jpeg(3);
        byte[] huge = new byte[300_000];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        camera.serve("/video", (exchange, connection) -> {
            streamHeaders(exchange, "multipart/x-mixed-replace; boundary=frame");
            OutputStream out = exchange.getResponseBody();
            part(out, "--frame", a, true);
            part(out, "--frame", huge, true);
            part(out, "--frame", b, false);
            part(out, "--frame", huge, false);
            part(out, "--frame", c, false);
            out.write("--frame--\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });

        start("/video", SourceLimits.defaults().withMaxFrameBytes(100_000));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 3);
        assertThat(sink.jpegs().subList(0, 3)).containsExactly(a, b, c);
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("300000 bytes exceeds the limit of 100000"));
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("(no Content-Length) exceeds the limit"));
    }

    @Test
    void skips_a_part_that_is_not_a_jpeg() {
        byte[] a = TestJpegs.jpeg(1);
        camera.serve("/video", (exchange, connection) -> {
            streamHeaders(exchange, "multipart/x-mixed-replace; boundary=frame");
            OutputStream out = exchange.getResponseBody();
            part(out, "--frame", "<html>camera busy</html>".getBytes(StandardCharsets.US_ASCII), true);
            part(out, "--frame", a, true);
        });

        start("/video");

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
        assertThat(sink.jpegs().get(0)).isEqualTo(a);
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("not a JPEG"));
    }

    @Test
    void reconnects_when_the_camera_goes_silent_for_the_read_timeout() {
        byte[] a = TestJpegs.jpeg(1);
        AtomicInteger connections = camera.serve("/video", (exchange, connection) -> {
            streamHeaders(exchange, "multipart/x-mixed-replace; boundary=frame");
            part(exchange.getResponseBody(), "--frame", a, true);
            Thread.sleep(30_000); // connected, silent
        });

        start("/video", SourceLimits.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);
        assertThat(connections.get()).isGreaterThanOrEqualTo(2);
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("no data from").contains("for 300 ms"));
    }

    @Test
    void close_stops_delivery_and_ends_the_thread() throws Exception {
        camera.serve("/video", (exchange, connection) -> {
            streamHeaders(exchange, "multipart/x-mixed-replace; boundary=frame");
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; ; i++) {
                part(out, "--frame", TestJpegs.jpeg(i), true);
                Thread.sleep(10);
            }
        });
        MjpegStreamSource source = start("/video");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 3);
        Thread thread = sink.threads.get(0);

        long started = System.nanoTime();
        source.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(thread.isAlive()).isFalse();
        int delivered = sink.frames.size();
        Thread.sleep(200);
        assertThat(sink.frames).hasSize(delivered);
    }

    @Test
    void close_returns_promptly_while_the_camera_is_silent() {
        camera.serve("/video", (exchange, connection) -> {
            streamHeaders(exchange, "multipart/x-mixed-replace; boundary=frame");
            exchange.getResponseBody().flush();
            Thread.sleep(30_000);
        });
        MjpegStreamSource source = start("/video");
        await().atMost(Duration.ofSeconds(10)).until(() -> threadNamed("mjpeg-cam-1") != null);
        Thread thread = threadNamed("mjpeg-cam-1");
        sleep(300); // let it block in the read

        long started = System.nanoTime();
        source.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(thread.isAlive()).isFalse();
        assertThat(sink.frames).isEmpty();
    }

    @Test
    void backs_off_doubling_up_to_the_bound() {
        MjpegStreamSource source = new MjpegStreamSource("cam-1", camera.uri("/x"), Duration.ofSeconds(1));
        assertThat(source.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(source.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(source.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(source.backoff(1000)).isEqualTo(MjpegStreamSource.MAX_RECONNECT_DELAY);
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
