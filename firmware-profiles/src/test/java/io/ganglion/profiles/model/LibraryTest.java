package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped library loads, passes every one of its vectors, and is what its index says. */
class LibraryTest {
    private static final Path SOURCE = Path.of("profiles");

    @Test
    void every_library_profile_passes_its_test_vectors() {
        List<VectorResult> results = TestVectors.run(ProfileSet.library());

        assertThat(results.stream().filter(result -> !result.passed()))
                .as("failing vectors").isEmpty();
        assertThat(results).hasSizeGreaterThan(40);
        for (DeviceProfile profile : ProfileSet.library().all()) {
            assertThat(profile.definition().tests()).as("vectors of " + profile.id()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void the_index_lists_exactly_the_files_of_the_library_directory() throws IOException {
        List<String> indexed = Files.readAllLines(SOURCE.resolve(ProfileSet.INDEX)).stream()
                .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
        try (Stream<Path> files = Files.list(SOURCE)) {
            assertThat(indexed).containsExactlyInAnyOrderElementsOf(files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml")).collect(Collectors.toList()));
        }
    }

    @Test
    void the_directory_loads_the_same_profiles_as_the_classpath() throws Exception {
        assertThat(ProfileSet.load(SOURCE).definitions()).extracting(ProfileDefinition::id)
                .containsExactlyElementsOf(ProfileSet.library().definitions().stream().map(ProfileDefinition::id)
                        .sorted().collect(Collectors.toList()));
    }

    @Test
    void the_library_covers_the_device_types_of_the_design() {
        ProfileSet library = ProfileSet.library();

        assertThat(library.select("bme280-node", FirmwareVersion.of("1.4.2")).orElseThrow().id())
                .isEqualTo("bosch-bme280-binary");
        assertThat(library.select("bme280-node", FirmwareVersion.of("2.0.1")).orElseThrow().id())
                .isEqualTo("bosch-bme280-json");
        assertThat(library.select("bme280-node", FirmwareVersion.of("3.0")).isFound()).isFalse();
        assertThat(library.select("airq-node", FirmwareVersion.of("2.3")).orElseThrow().transports().coap().observe())
                .isTrue();
        assertThat(library.find("inductive-loop-detector").orElseThrow().transports().gpio().pins())
                .containsKeys("loop", "fault");
        assertThat(library.find("ip-camera").orElseThrow().camera().orElseThrow().detection().zones())
                .containsKeys("stop-line", "crosswalk");
        assertThat(library.find("motor-vibration-cbor").orElseThrow().metrics().get("velocity_rms").period())
                .hasMillis(100);
    }
}
