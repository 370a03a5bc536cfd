package io.ganglion.inference.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.inference.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    @TempDir
    Path folder;
    private FolderSource source;
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    private void start(Path directory) {
        source = new FolderSource("cam-3", directory, INTERVAL);
        source.start(sink);
    }

    private static String name(CameraFrame frame) {
        return Path.of(frame.origin().substring("folder ".length())).getFileName().toString();
    }

    @Test
    void plays_the_images_in_name_order_and_loops() throws Exception {
        Files.copy(SharedFiles.image("dog.jpg"), folder.resolve("b-dog.jpg"));
        Files.write(folder.resolve("a.JPEG"), TestJpegs.jpeg(1));
        Files.write(folder.resolve("c.png"), TestJpegs.png(2));
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Files.createDirectory(folder.resolve("d.jpg")); // a folder, not a file

        start(folder);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 7);
        assertThat(List.copyOf(sink.frames).subList(0, 7)).extracting(FolderSourceTest::name)
                .containsExactly("a.JPEG", "b-dog.jpg", "c.png", "a.JPEG", "b-dog.jpg", "c.png", "a.JPEG");
        assertThat(sink.frames.get(1).jpeg()).isEqualTo(Files.readAllBytes(SharedFiles.image("dog.jpg")));
        assertThat(sink.frames.get(0).cameraId()).isEqualTo("cam-3");
        assertThat(sink.threads).allSatisfy(t -> assertThat(t.getName()).isEqualTo("folder-cam-3"));
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void picks_up_files_added_while_running() throws Exception {
        Files.write(folder.resolve("1.jpg"), TestJpegs.jpeg(1));
        start(folder);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);

        Files.write(folder.resolve("2.jpg"), TestJpegs.jpeg(2));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> sink.frames.stream().anyMatch(f -> name(f).equals("2.jpg")));
    }

    @Test
    void reports_a_missing_folder_and_starts_once_it_appears() throws Exception {
        Path missing = folder.resolve("later");
        start(missing);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.problems.size() >= 2);
        assertThat(sink.problems.get(0)).isEqualTo("cam-3: the folder " + missing + " does not exist or is not a folder");
        assertThat(sink.frames).isEmpty();

        Files.createDirectory(missing);
        Files.write(missing.resolve("x.jpg"), TestJpegs.jpeg(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
    }

    @Test
    void reports_an_empty_folder() {
        start(folder);

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.problems.isEmpty());
        assertThat(sink.problems.get(0)).contains("has no *.jpg, *.jpeg or *.png files");
    }

    @Test
    void skips_a_file_that_is_not_an_image_despite_its_name() throws Exception {
        Files.writeString(folder.resolve("a.jpg"), "<html>");
        Files.write(folder.resolve("b.jpg"), TestJpegs.jpeg(1));
        start(folder);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames.size() >= 2);
        assertThat(sink.frames).extracting(FolderSourceTest::name).containsOnly("b.jpg");
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains("a.jpg is not a JPEG or PNG"));
    }

    @Test
    void a_sink_that_throws_does_not_stop_the_source() throws Exception {
        Files.write(folder.resolve("a.jpg"), TestJpegs.jpeg(1));
        List<CameraFrame> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        source = new FolderSource("cam-3", folder, INTERVAL);
        source.start(new FrameSink() {
            @Override
            public void frame(CameraFrame frame) {
                seen.add(frame);
                throw new IllegalStateException("bug downstream");
            }

            @Override
            public void problem(String cameraId, String message, Throwable cause) {
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
    }

    @Test
    void close_ends_the_thread() throws Exception {
        Files.write(folder.resolve("a.jpg"), TestJpegs.jpeg(1));
        start(folder);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.frames.isEmpty());
        Thread thread = sink.threads.get(0);

        source.close();

        assertThat(thread.isAlive()).isFalse();
        int delivered = sink.frames.size();
        Thread.sleep(100);
        assertThat(sink.frames).hasSize(delivered);
    }
}
