package io.ganglion.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourceTest {

    @Test
    void a_folder_gives_its_photos_in_name_order_round_robin_and_nothing_else(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("b.jpg"), new byte[] {2});
        Files.write(dir.resolve("a.JPEG"), new byte[] {1});
        Files.write(dir.resolve("c.png"), new byte[] {3});
        Files.write(dir.resolve("d.jpeg"), new byte[] {4});

        FrameSource source = FrameSource.fromFolder(dir);

        assertThat(source.size()).isEqualTo(3);
        assertThat(source.frame(0)).containsExactly(1);
        assertThat(source.frame(1)).containsExactly(2);
        assertThat(source.frame(2)).containsExactly(4);
        assertThat(source.frame(3)).containsExactly(1);
    }

    @Test
    void generated_frames_are_jpegs_that_differ() {
        FrameSource source = FrameSource.generated(320, 180);

        assertThat(source.size()).isEqualTo(FrameSource.GENERATED_FRAMES);
        assertThat(source.frame(0)).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(source.frame(0)).isNotEqualTo(source.frame(1));
    }
}
