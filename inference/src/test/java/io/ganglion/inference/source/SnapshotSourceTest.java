package io.ganglion.inference.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.inference.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotSourceTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private CameraServer camera;
    private SnapshotSource source;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void startCamera() throws Exception {
        camera = new CameraServer();
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        camera.close();
    }

    private void start(String path, SourceLimits limits) {
        source = new SnapshotSource("cam-2", camera.uri(path), INTERVAL, limits);
        source.start(sink);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String type, byte[] body)
            throws java.io.IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Test
    void polls_the_snapshot_url_at_the_interval() throws Exception {
        byte[] dog = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        AtomicInteger requests = camera.serve("/snap.jpg", (exchange, n) -> answer(exchange, 200, "image/jpeg", dog));

        start("/snap.jpg", SourceLimits.defaults());

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 3);
        assertThat(sink.jpegs()).allSatisfy(jpeg -> assertThat(jpeg).isEqualTo(dog));
        assertThat(sink.frames.get(0).origin()).isEqualTo("snapshot " + camera.uri("/snap.jpg"));
        assertThat(sink.threads).allSatisfy(t -> assertThat(t.getName()).isEqualTo("snapshot-cam-2"));
        assertThat(sink.problems).isEmpty();
        assertThat(requests.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reports_a_server_error_and_a_body_that_is_not_an_image_then_goes_on() {
        byte[] jpeg = TestJpegs.jpeg(1);
        camera.serve("/snap.jpg", (exchange, n) -> {
            switch (n) {
                case 1 -> answer(exchange, 500, "text/plain", "sensor fault".getBytes(StandardCharsets.US_ASCII));
                case 2 -> answer(exchange, 200, "image/jpeg",
                        "<html>login required</html>".getBytes(StandardCharsets.US_ASCII));
                default -> answer(exchange, 200, "image/jpeg", jpeg);
            }
        });

        start("/snap.jpg", SourceLimits.defaults());

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
        assertThat(sink.jpegs().get(0)).isEqualTo(jpeg);
        assertThat(sink.problems).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sink.problems.get(0)).contains("HTTP 500").contains("sensor fault");
        assertThat(sink.problems.get(1)).contains("not a JPEG or PNG").contains("<html>login required");
    }

    @Test
    void accepts_png() {
        byte[] png = TestJpegs.png(1);
        camera.serve("/snap.png", (exchange, n) -> answer(exchange, 200, "image/png", png));

        start("/snap.png", SourceLimits.defaults());

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
        assertThat(sink.jpegs().get(0)).isEqualTo(png);
    }

    @Test
    void refuses_a_body_over_the_limit_declared_or_not() {
        byte[] big = new byte[50_000];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        camera.serve("/snap.jpg", (exchange, n) -> {
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, n % 2 == 1 ? big.length : 0); // declared, then chunked
            exchange.getResponseBody().write(big);
        });

        start("/snap.jpg", SourceLimits.defaults().withMaxFrameBytes(10_000));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.problems.size() >= 2);
        assertThat(sink.frames).isEmpty();
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("a body of 50000 bytes exceeds the limit"));
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("more than 10000 bytes exceeds the limit"));
    }

    @Test
    void reports_an_unreachable_camera_and_keeps_polling() throws Exception {
        camera.close(); // nothing listens on its port any more
        start("/snap.jpg", SourceLimits.defaults());

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.problems.size() >= 3);
        assertThat(sink.problems.get(0)).contains("fetching " + camera.uri("/snap.jpg") + " failed");
    }

    @Test
    void close_stops_polling_and_ends_the_thread() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(1);
        camera.serve("/snap.jpg", (exchange, n) -> answer(exchange, 200, "image/jpeg", jpeg));
        start("/snap.jpg", SourceLimits.defaults());
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);
        Thread thread = sink.threads.get(0);

        source.close();

        assertThat(thread.isAlive()).isFalse();
        int delivered = sink.frames.size();
        Thread.sleep(200);
        assertThat(sink.frames).hasSize(delivered);
    }
}
