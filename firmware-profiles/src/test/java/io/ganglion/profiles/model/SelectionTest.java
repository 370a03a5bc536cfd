package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTest {
    @TempDir
    Path dir;

    private ProfileSet set;

    @BeforeEach
    void load() throws Exception {
        ProfileFiles files = new ProfileFiles(dir);
        files.write("v2.yaml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-v2").replace(">=1 <2", ">=2 <3"));
        files.write("v1.yaml", ProfileFiles.THERMO);
        set = ProfileSet.load(dir);
    }

    @Test
    void selects_the_profile_whose_range_covers_the_firmware() {
        assertThat(set.select("thermo", FirmwareVersion.of("1.9.12")).orElseThrow().id()).isEqualTo("thermo-v1");
        assertThat(set.select("thermo", FirmwareVersion.of("2.10")).orElseThrow().id()).isEqualTo("thermo-v2");
        assertThat(set.select("thermo", FirmwareVersion.of("v2.0.0-rc1")).orElseThrow().id())
                .as("a pre-release of 2.0 sorts before 2.0").isEqualTo("thermo-v1");
    }

    @Test
    void firmware_no_profile_covers_is_a_reason_never_a_profile() {
        ProfileSelection selection = set.select("thermo", FirmwareVersion.of("3.0"));

        assertThat(selection.isFound()).isFalse();
        assertThat(selection.profile()).isEmpty();
        assertThat(selection.reason()).isEqualTo("no profile of model thermo covers firmware 3.0 (known:"
                + " thermo-v1 [>=1 <2], thermo-v2 [>=2 <3])");
        assertThatThrownBy(selection::orElseThrow).isInstanceOf(NoSuchElementException.class)
                .hasMessage(selection.reason());
    }

    @Test
    void an_unknown_model_lists_the_known_ones() {
        assertThat(set.select("thermostat", FirmwareVersion.of("1.0")).reason())
                .isEqualTo("no profile of model thermostat (models: thermo)");
    }

    @Test
    void a_set_overridden_by_another_takes_its_profiles_by_id_and_refuses_overlaps() throws Exception {
        Path other = dir.resolve("other");
        java.nio.file.Files.createDirectories(other);
        new ProfileFiles(other).write("v2.yaml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-v2")
                .replace(">=1 <2", ">=2 <4").replace("Acme", "Override"));

        ProfileSet combined = set.overriddenBy(ProfileSet.load(other));

        assertThat(combined.select("thermo", FirmwareVersion.of("3.5")).orElseThrow().vendor()).isEqualTo("Override");
        assertThat(combined.size()).isEqualTo(2);

        new ProfileFiles(other).write("v2.yaml", ProfileFiles.THERMO.replace("thermo-v1", "thermo-new")
                .replace(">=1 <2", ">=2.5"));
        assertThatThrownBy(() -> set.overriddenBy(ProfileSet.load(other))).isInstanceOf(ProfileSetException.class)
                .hasMessageContaining("v2.yaml:4: firmware: expected a range no other profile of model thermo covers,"
                        + " got '>=2.5', which overlaps thermo-v2 [>=2 <3]");
    }

    @Test
    void lists_profiles_by_model_in_firmware_order() {
        assertThat(set.byModel("thermo")).extracting(DeviceProfile::id).containsExactly("thermo-v1", "thermo-v2");
        assertThat(set.byModel("other")).isEmpty();
        assertThat(set.find("thermo-v2")).isPresent();
        assertThat(set.find("nope")).isEmpty();
    }
}
