package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganglion profiles validate|test DIR}: what it prints and its exit codes. */
class ProfilesCommandTest {
    private static final String RELAY_V2 = String.join("\n",
            "id: relay-output-v2",
            "extends: relay-output",
            "firmware: '>=2.0 <3'",
            "tests:",
            "  - {name: v2 on, payload: '{\"relay\": {\"on\": true}}', expect: {state: 1}}",
            "");

    @TempDir
    Path dir;

    @Test
    void validate_accepts_a_profile_that_extends_the_library() throws Exception {
        Files.writeString(dir.resolve("relay-v2.yaml"), RELAY_V2);

        CommandRun run = CommandRun.of("profiles", "validate", dir.toString());

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("1 profile in " + dir + " valid");
    }

    @Test
    void validate_prints_every_problem_with_file_line_and_key_and_exits_with_2() throws Exception {
        Path file = Files.writeString(dir.resolve("relay-v2.yaml"), RELAY_V2.replace(">=2.0 <3", ">=1.5 <3")
                + "metrics:\n  state: {type: bool, unit: V}\n");
        Path other = Files.writeString(dir.resolve("other.yaml"), "id: other\nextends: no-such-profile\n");

        CommandRun run = CommandRun.of("profiles", "validate", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(other + ":2: extends: expected the id of a profile in this set or the library,"
                + " got 'no-such-profile'")
                .contains(file + ":7: metrics.state.unit: expected no unit for a bool metric, got 'V'")
                .contains("2 problems in " + dir);
    }

    @Test
    void validate_reports_an_overlap_with_a_library_profile() throws Exception {
        Path file = Files.writeString(dir.resolve("relay-v2.yaml"), RELAY_V2.replace(">=2.0 <3", ">=1.5 <3"));

        CommandRun run = CommandRun.of("profiles", "validate", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":3: firmware: expected a range no other profile of model relay-1ch"
                + " covers, got '>=1.5 <3', which overlaps relay-output [>=1.0 <2] (library/relay-output.yaml:6)");
    }

    @Test
    void test_runs_the_directory_and_the_library_profiles_it_extends() throws Exception {
        Files.writeString(dir.resolve("relay-v2.yaml"), RELAY_V2);

        CommandRun run = CommandRun.of("profiles", "test", dir.toString());

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("PASS relay-output-v2: v2 on")
                .contains("PASS relay-output-v2: switched on")
                .contains("PASS relay-output: command pulse(duration=1500)")
                .doesNotContain("bosch")
                .contains("PASS relay-output: command on\n")
                .contains("13 passed, 0 failed");
    }

    @Test
    void test_prints_what_differed_and_exits_with_1_when_a_vector_fails() throws Exception {
        Path file = Files.writeString(dir.resolve("relay-v2.yaml"), RELAY_V2.replace("expect: {state: 1}",
                "expect: {state: 0}"));

        CommandRun run = CommandRun.of("profiles", "test", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL relay-output-v2: v2 on (" + file + ":5): state: expected 0, got 1")
                .contains("12 passed, 1 failed");
    }

    @Test
    void test_of_invalid_profiles_exits_with_2() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "id: [\n");

        assertThat(CommandRun.of("profiles", "test", dir.toString()).exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("profiles").exitCode()).isEqualTo(2);
    }
}
