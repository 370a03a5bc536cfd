package io.ganglion.profiles.yaml;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.model.ProfileDocument;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A key with an empty name is refused with a message. Found by fuzzing the profile loader: it used to reach the
 * binding errors as if it were the document's root and fail with a NullPointerException (regression input
 * ProfileLoaderFuzzTestInputs/.../crash-anchor-written-as-a-key).
 */
class EmptyKeyTest {
    private static final Path NAME = Path.of("profile.yaml");
    private final ConfigLoader loader = ConfigLoader.withoutEnvironment();

    @Test
    void refuses_an_empty_top_level_key() {
        assertThatThrownBy(() -> loader.loadText("id: x\n\"\": 1\n", NAME, ProfileDocument.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("profile.yaml:2: a key with an empty name; write the key's name before the ':'");
    }

    @Test
    void refuses_an_anchor_written_where_a_key_was_meant() {
        assertThatThrownBy(() -> loader.loadText("id: x\n&abstract: true\n", NAME, ProfileDocument.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("profile.yaml:2").hasMessageContaining("a key with an empty name");
    }

    @Test
    void names_the_enclosing_key_of_a_nested_empty_key() {
        assertThatThrownBy(() -> loader.loadText("id: x\nmetrics:\n  \"\": {type: float}\n", NAME,
                ProfileDocument.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("profile.yaml:3").hasMessageContaining("metrics")
                .hasMessageContaining("a key with an empty name");
    }
}
