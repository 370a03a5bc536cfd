package io.ganglion.profiles.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.model.TestVectors;
import io.ganglion.profiles.model.VectorResult;
import io.ganglion.profiles.yaml.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The profile loader on a file of fuzzed bytes, on top of the shipped library (so that {@code extends} and the
 * firmware-overlap checks have something to meet): it loads, or it fails with a {@link ProfileSetException} whose
 * problems each name the file. A profile that loads has its codecs built from fuzzed specs: its own test vectors run
 * through them and must give results, not exceptions. Seeds: the library's files.
 */
class ProfileLoaderFuzzTest {
    private static final Path DIR = tempDirectory();
    private static final Path FILE = DIR.resolve("fuzz.yaml");

    @FuzzTest(maxDuration = "3s")
    void loads_or_reports_problems_that_name_the_file(byte[] input) throws IOException {
        Files.write(FILE, input);
        ProfileSet set;
        try {
            set = ProfileSet.load(DIR, ProfileSet.library());
        } catch (ProfileSetException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigException problem : e.problems()) {
                assertThat(problem.getMessage()).isNotBlank();
            }
            return;
        }
        for (DeviceProfile profile : set.all()) {
            if (FILE.equals(profile.file())) {
                for (VectorResult result : TestVectors.run(profile)) {
                    assertThat(result).isNotNull();
                }
            }
        }
    }

    private static Path tempDirectory() {
        try {
            Path dir = Files.createTempDirectory("profile-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
