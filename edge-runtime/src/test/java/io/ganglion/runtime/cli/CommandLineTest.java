package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.store.LocalStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit-code contract of the {@code ganglion} command line, and the demo doing what the README promises. */
class CommandLineTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = GanglionCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void an_invalid_configuration_exits_with_2_and_names_file_line_and_key() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  port: 70000\n");

        Run run = run("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(config + ":2: http.port: expected an integer from 0 to 65535, got 70000");
    }

    @Test
    void a_device_with_an_unknown_profile_exits_with_2() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "store: {path: '" + dir.resolve("gw.db") + "'}\n"
                + "http: {port: 0}\nmqtt: {endpoint: {port: 0}}\n"
                + "devices:\n  - {id: d1, profile: no-such-profile}\n");

        Run run = run("gateway", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("devices[0].profile").contains("no-such-profile").contains("json-telemetry");
    }

    @Test
    void a_missing_configuration_file_exits_with_2() {
        Run run = run("gateway", "--config", dir.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("absent.yaml");
    }

    @Test
    void bad_usage_exits_with_2() {
        assertThat(run("gateway").exitCode()).isEqualTo(2);
        assertThat(run("no-such-command").exitCode()).isEqualTo(2);
    }

    @Test
    void the_demo_runs_devices_into_the_store_and_prints_its_urls() throws Exception {
        Run run = run("demo", "--duration", "4", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("/api/v1/devices").contains("/metrics").contains("tcp://127.0.0.1:");
        try (LocalStore store = LocalStore.open(StoreConfig.defaults().withPath(dir.resolve("ganglion.db")),
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            assertThat(store.readingCount()).as("readings the demo devices stored").isGreaterThanOrEqualTo(5);
            assertThat(store.devices()).hasSize(3);
        }
    }
}
