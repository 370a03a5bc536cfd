package io.ganglion.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sync} section of gateway.yaml: defaults, secrets, and errors that name the file and key. */
class SyncConfigTest {
    private final GatewayConfigLoader loader = new GatewayConfigLoader(Map.of("SYNC_TOKEN", "t0ken-42")::get);

    @TempDir
    Path dir;

    @Test
    void sync_is_off_without_an_endpoint() throws Exception {
        SyncConfig sync = load("gatewayId: g1\n").sync();

        assertThat(sync.enabled()).isFalse();
        assertThat(sync.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(sync.batch().maxInFlight()).isEqualTo(2);
        assertThat(sync.outboxFile(Path.of("data", "ganglion.db"))).isEqualTo(Path.of("data", "outbox.db"));
    }

    @Test
    void an_endpoint_turns_sync_on_with_every_key_read() throws Exception {
        SyncConfig sync = load("""
                sync:
                  endpoint: https://cloud.example.com:8443
                  token: ${SYNC_TOKEN}
                  trustPem: /etc/ganglion/cloud-ca.pem
                  outbox: {path: /var/lib/ganglion/outbox.db, quotaBytes: 8MiB}
                  window: 1s
                  lateness: 200ms
                  batch: {maxRecords: 50, maxBytes: 64KiB, maxInFlight: 4}
                  drainRecordsPerSecond: 20
                  backoff: {base: 100ms, cap: 2s}
                """).sync();

        assertThat(sync.enabled()).isTrue();
        assertThat(sync.endpointUri().getPort()).isEqualTo(8443);
        assertThat(sync.token()).isEqualTo("t0ken-42");
        assertThat(sync.toString()).doesNotContain("t0ken-42");
        assertThat(sync.trustPem()).isEqualTo(Path.of("/etc/ganglion/cloud-ca.pem"));
        assertThat(sync.outboxFile(Path.of("x.db"))).isEqualTo(Path.of("/var/lib/ganglion/outbox.db"));
        assertThat(sync.outbox().quotaBytes()).isEqualTo(8L << 20);
        assertThat(sync.lateness()).isEqualTo(Duration.ofMillis(200));
        assertThat(sync.batch().maxRecords()).isEqualTo(50);
        assertThat(sync.batch().maxBytes()).isEqualTo(64 * 1024);
        assertThat(sync.batch().maxInFlight()).isEqualTo(4);
        assertThat(sync.drainRecordsPerSecond()).isEqualTo(20);
        assertThat(sync.backoff().cap()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_disabled_section_keeps_its_endpoint_without_a_token() throws Exception {
        assertThat(load("sync:\n  enabled: false\n  endpoint: https://c.example\n").sync().enabled()).isFalse();
    }

    @Test
    void errors_name_the_file_and_the_sync_key() throws Exception {
        assertThat(failure("sync:\n  endpoint: ftp://c.example\n  token: x\n").getMessage())
                .startsWith(file() + ":").contains("sync.endpoint: expected an http:// or https:// URL");
        assertThat(failure("sync:\n  endpoint: https://c.example\n").getMessage())
                .contains("sync.token: expected this gateway's bearer token");
        assertThat(failure("sync:\n  enabled: true\n  token: x\n").getMessage())
                .contains("sync.endpoint: expected the cloud endpoint's URL");
        assertThat(failure("sync:\n  window: 10ms\n").getMessage())
                .contains("sync.window: expected a duration from 1s to 1d, got 10ms");
        assertThat(failure("sync:\n  outbox:\n    quotaBytes: 1KiB\n").getMessage())
                .contains("sync.outbox.quotaBytes: expected a number from 4096");
        assertThat(failure("sync:\n  batch:\n    maxRecords: 20000\n").getMessage())
                .contains("sync.batch.maxRecords: expected an integer from 1 to 10000, got 20000");
        assertThat(failure("sync:\n  batch:\n    maxInFlight: 17\n").getMessage())
                .startsWith(file() + ":").contains("sync.batch.maxInFlight: expected an integer from 1 to 16, got 17");
        assertThat(failure("sync:\n  batch:\n    maxInFlight: 0\n").getMessage())
                .contains("sync.batch.maxInFlight: expected an integer from 1 to 16, got 0");
        assertThat(failure("sync:\n  backoff:\n    base: 10s\n    cap: 1s\n").getMessage())
                .contains("sync.backoff.cap: expected a duration of at least backoff.base (10s), got 1s");
        assertThat(failure("sync:\n  endpont: https://c.example\n").getMessage())
                .contains("sync.endpont: unknown key (did you mean endpoint?)");
    }

    @Test
    void a_wrong_token_is_never_echoed() throws Exception {
        ConfigException e = failure("sync:\n  endpoint: https://c.example\n  token: ''\n");

        assertThat(e.getMessage()).contains("sync.token");
    }

    private GatewayConfig load(String yaml) throws IOException, ConfigException {
        return loader.load(Files.writeString(file(), yaml));
    }

    private ConfigException failure(String yaml) throws IOException {
        try {
            GatewayConfig config = loader.load(Files.writeString(file(), yaml));
            throw new AssertionError("expected a ConfigException, loaded " + config);
        } catch (ConfigException e) {
            return e;
        }
    }

    private Path file() {
        return dir.resolve("gateway.yaml");
    }
}
