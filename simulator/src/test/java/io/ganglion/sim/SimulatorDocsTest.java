package io.ganglion.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.yaml.ConfigSchema;
import io.ganglion.sim.scenario.Scenario;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/simulator.md keeps up with the scenario format, which is the truth. */
class SimulatorDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "simulator.md");

    @Test
    void every_key_of_the_format_is_documented() throws IOException {
        String docs = Files.readString(DOCS);
        List<String> missing = new ArrayList<>();
        for (String key : ConfigSchema.allKeys(Scenario.class)) {
            String last = key.substring(key.lastIndexOf('.') + 1).replace("[]", "");
            if (!docs.contains("`" + last + "`") && !docs.contains("." + last + "`")) {
                missing.add(key);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(ConfigSchema.allKeys(Scenario.class)).contains("devices[].faults.silence.for");
    }

    @Test
    void the_example_of_the_docs_loads(@TempDir Path dir) throws Exception {
        String docs = Files.readString(DOCS);
        int start = docs.indexOf("```yaml\nname: corner-of-main-and-5th");
        String example = docs.substring(docs.indexOf('\n', start) + 1, docs.indexOf("```", start + 7));
        Files.writeString(dir.resolve("example.yaml"), example);
        Files.createDirectory(dir.resolve("profiles"));
        Files.createDirectory(dir.resolve("photos"));
        Files.write(dir.resolve("photos").resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});

        Scenario scenario = new ScenarioLoader(name -> name.equals("SIM_PSK") ? "secret" : null)
                .load(dir.resolve("example.yaml")).scenario();

        assertThat(scenario.deviceCount()).isEqualTo(11);
    }
}
