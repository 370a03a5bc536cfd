package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit-code contract of the {@code ganglion} command line. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void an_invalid_configuration_exits_with_2_and_names_file_line_and_key() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  port: 70000\n");

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(config + ":2: http.port: expected an integer from 0 to 65535, got 70000");
    }

    @Test
    void a_device_with_an_unknown_profile_exits_with_2() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "store: {path: '" + dir.resolve("gw.db") + "'}\n"
                + "http: {port: 0}\nmqtt: {endpoint: {port: 0}}\ncoap: {port: 0}\n"
                + "devices:\n  - {id: d1, profile: no-such-profile}\n");

        CommandRun run = CommandRun.of("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("devices[0].profile").contains("no-such-profile").contains("json-telemetry");
    }

    @Test
    void a_missing_configuration_file_exits_with_2() {
        CommandRun run = CommandRun.of("gateway", "--config", dir.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("absent.yaml");
    }

    @Test
    void bad_usage_exits_with_2() {
        assertThat(CommandRun.of("gateway").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("no-such-command").exitCode()).isEqualTo(2);
    }
}
