package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ganglion.profiles.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudConfigLoaderTest {
    private static final String TOKEN = "a-long-enough-token-1234";

    @TempDir
    Path dir;

    private final CloudConfigLoader loader = new CloudConfigLoader(Map.of("GW1_TOKEN", TOKEN, "PGPASS", "secret")::get);

    @Test
    void a_full_file_is_read_and_tokens_are_kept_only_hashed() throws Exception {
        CloudConfig config = loader.load(write("""
                http:
                  host: 127.0.0.1
                  port: 9443
                tls:
                  certPath: tls/cert.pem
                  keyPath: tls/key.pem
                maxBatchBytes: 8MiB
                storage:
                  postgres:
                    host: db.example
                    database: fleet
                    user: ganglion
                    password: ${PGPASS}
                    poolSize: 16
                gateways:
                  gw-1: ${GW1_TOKEN}
                  gw-2: sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
                """));

        assertThat(config.http().port()).isEqualTo(9443);
        assertThat(config.tls().certPath()).isEqualTo(Path.of("tls/cert.pem"));
        assertThat(config.maxBatchBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.storage().postgres().password()).isEqualTo("secret");
        assertThat(config.storage().postgres().poolSize()).isEqualTo(16);
        assertThat(config.storage().sqlite()).isNull();
        assertThat(config.gateways().get("gw-1")).startsWith("sha256:").doesNotContain(TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN).doesNotContain("secret");
        GatewayTokens tokens = new GatewayTokens(config);
        assertThat(tokens.check("gw-1", TOKEN)).isEqualTo(GatewayTokens.Verdict.ALLOWED);
        assertThat(tokens.check("gw-2", TOKEN)).isEqualTo(GatewayTokens.Verdict.FORBIDDEN);
        assertThat(tokens.check("gw-1", TOKEN + "x")).isEqualTo(GatewayTokens.Verdict.UNAUTHORIZED);
    }

    @Test
    void the_defaults_are_sqlite_in_data_and_port_8080() throws Exception {
        CloudConfig config = loader.load(write("gateways:\n  gw-1: " + TOKEN + "\n"));

        assertThat(config.storage().sqlite().path()).isEqualTo(Path.of("data", "cloud.db"));
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.maxBatchBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.tls()).isNull();
    }

    @Test
    void no_gateways_is_an_error_naming_the_key() {
        assertThat(error("http:\n  port: 8080\n").getMessage()).contains("gateways").contains("at least one");
    }

    @Test
    void a_short_token_is_an_error_naming_the_gateway_without_showing_the_token() {
        ConfigException e = error("gateways:\n  gw-1: short-token\n");

        assertThat(e.getMessage()).contains("cloud.yaml:2").contains("gateways.gw-1")
                .contains("at least 16 characters").doesNotContain("short-token");
    }

    @Test
    void a_bad_port_an_unknown_key_and_two_storages_are_errors_naming_the_key() {
        assertThat(error("http:\n  port: 70000\ngateways:\n  gw-1: " + TOKEN + "\n").getMessage())
                .contains("cloud.yaml:2").contains("http.port").contains("0 to 65535");
        assertThat(error("htp:\n  port: 1\ngateways:\n  gw-1: " + TOKEN + "\n").getMessage()).contains("htp");
        assertThat(error("storage:\n  sqlite: {path: a.db}\n  postgres: {host: x}\ngateways:\n  gw-1: " + TOKEN
                + "\n").getMessage()).contains("storage").contains("one of postgres and sqlite");
    }

    private ConfigException error(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("cloud.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
