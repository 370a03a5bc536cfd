package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.yaml.ConfigSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/profiles.md keeps up with the unit table, the library and the keys, which are the truth. */
class ProfileDocsTest {
    private static String docs() throws IOException {
        return Files.readString(Path.of("..", "docs", "profiles.md"));
    }

    @Test
    void every_unit_code_is_in_the_units_table() throws IOException {
        String docs = docs();
        for (String code : Units.codes()) {
            assertThat(docs).as("unit " + code).contains("`" + code + "`");
        }
    }

    @Test
    void every_library_profile_is_in_the_library_table() throws IOException {
        String docs = docs();
        for (ProfileDefinition profile : ProfileSet.library().definitions()) {
            assertThat(docs).as(profile.id()).contains("| `" + profile.id() + "` | `" + profile.model() + "` |");
        }
    }

    @Test
    void every_key_of_the_format_is_documented() throws IOException {
        String docs = docs();
        List<String> missing = new ArrayList<>();
        for (String key : ConfigSchema.allKeys(ProfileDocument.class)) {
            String last = key.substring(key.lastIndexOf('.') + 1).replace("[]", "");
            // written alone (`status`) or with its section (`mqtt.status`)
            if (!docs.contains("`" + last + "`") && !docs.contains("." + last + "`")) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys docs/profiles.md does not mention").isEmpty();
    }
}
