package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.store.LocalStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit-code contract of the {@code ganglion} command line, and the demo doing what the README promises. */
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

    @Test
    void the_demo_runs_devices_into_the_store_syncs_to_its_cloud_endpoint_and_prints_its_urls() throws Exception {
        // 15 s: the first 10 s sync window closes (plus 2 s lateness) and is sent before the stop.
        CommandRun run = CommandRun.of("demo", "--duration", "15", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("/api/v1/devices").contains("/metrics").contains("tcp://127.0.0.1:")
                .contains("/api/v1/sync").contains("/api/v1/summaries?gateway=demo-gateway");
        try (LocalStore store = LocalStore.open(StoreConfig.defaults().withPath(dir.resolve("ganglion.db")),
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            assertThat(store.readingCount()).as("readings the demo devices stored").isGreaterThanOrEqualTo(5);
            assertThat(store.devices()).hasSize(3);
        }
        try (java.sql.Connection cloud = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cloud.db"));
             java.sql.ResultSet rs = cloud.createStatement().executeQuery(
                     "SELECT count(*), count(DISTINCT device) FROM summaries WHERE gateway = 'demo-gateway'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("summaries in the demo's cloud").isPositive();
            assertThat(rs.getLong(2)).as("devices summarised").isEqualTo(3);
        }
    }
}
