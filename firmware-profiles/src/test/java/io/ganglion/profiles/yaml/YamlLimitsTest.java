package io.ganglion.profiles.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bounds a configuration file is held to before and while it is parsed, each with a message that names it. */
@Timeout(10)
class YamlLimitsTest {
    private static final Path NAME = Path.of("gateway.yaml");
    private final ConfigLoader loader = ConfigLoader.withoutEnvironment();

    @TempDir
    Path dir;

    @SuppressWarnings("rawtypes")
    private Map load(String text) throws ConfigException {
        return loader.loadText(text, NAME, Map.class).value();
    }

    @Test
    void refuses_text_longer_than_the_limit_before_parsing_it() {
        String text = "a: " + "x".repeat(ConfigLoader.MAX_CHARACTERS);

        assertThatThrownBy(() -> load(text)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.yaml").hasMessageContaining("is too long")
                .hasMessageContaining("at most " + ConfigLoader.MAX_CHARACTERS + " characters");
    }

    @Test
    void accepts_text_up_to_the_limit() throws Exception {
        String text = "a: " + "x".repeat(ConfigLoader.MAX_CHARACTERS - 3);

        assertThat(load(text)).containsKey("a");
    }

    @Test
    void refuses_a_file_too_long_to_hold_the_limit_without_reading_it() throws Exception {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(1L << 40); // 1 TiB, sparse: reading it would exhaust any heap
        }

        assertThatThrownBy(() -> loader.load(file, Map.class)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("huge.yaml").hasMessageContaining("is too long (1099511627776 bytes)");
    }

    @Test
    void refuses_flow_nesting_deeper_than_the_limit() {
        String deep = "a: " + "[".repeat(ConfigLoader.MAX_NESTING + 1) + "]".repeat(ConfigLoader.MAX_NESTING + 1);

        assertThatThrownBy(() -> load(deep)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nests maps and lists more than " + ConfigLoader.MAX_NESTING + " levels deep");
    }

    @Test
    void refuses_unclosed_nesting_of_any_depth_quickly() {
        String deep = "a: " + "{b: ".repeat(200_000);

        assertThatThrownBy(() -> load(deep)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("levels deep");
    }

    @Test
    void refuses_block_nesting_deeper_than_the_limit() {
        StringBuilder deep = new StringBuilder();
        for (int level = 0; level <= ConfigLoader.MAX_NESTING; level++) {
            deep.append("  ".repeat(level)).append("k").append(level).append(":\n");
        }
        deep.append("  ".repeat(ConfigLoader.MAX_NESTING + 1)).append("leaf: 1\n");

        assertThatThrownBy(() -> load(deep.toString())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("levels deep");
    }

    @Test
    void accepts_nesting_well_within_the_limit() throws Exception {
        int depth = ConfigLoader.MAX_NESTING - 2;
        String nested = "a: " + "[".repeat(depth) + "1" + "]".repeat(depth);

        assertThat(load(nested)).containsKey("a");
    }

    @Test
    void refuses_the_billion_laughs_alias_expansion_at_its_first_alias() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [")
                    .append(("*" + previous + ",").repeat(8)).append('*').append(previous).append("]\n");
        }

        assertThatThrownBy(() -> load(bomb.toString())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("YAML aliases (*a) are not supported");
    }

    @Test
    void the_limits_hold_for_files_as_for_text() throws Exception {
        Path file = dir.resolve("deep.yaml");
        Files.writeString(file, "a: " + "[".repeat(ConfigLoader.MAX_NESTING + 1));

        assertThatThrownBy(() -> loader.load(file, Map.class)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("deep.yaml").hasMessageContaining("levels deep");
    }
}
