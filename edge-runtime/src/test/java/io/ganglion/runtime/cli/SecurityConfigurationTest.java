package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganglion gateway} with an operator's token or a TLS file it cannot use: exit code 2, naming the key. */
class SecurityConfigurationTest {
    @TempDir
    Path dir;

    private CommandRun gateway(String http) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "store: {path: '" + dir.resolve("gw.db") + "'}\n"
                + "mqtt: {endpoint: {port: 0}}\ncoap: {port: 0}\n" + http);
        return CommandRun.of("gateway", "--config", config.toString());
    }

    @Test
    void a_missing_token_file_exits_with_2_and_names_the_key() throws Exception {
        CommandRun run = gateway("http:\n  port: 0\n  auth:\n    tokens:\n"
                + "      - {name: ops, role: admin, tokenFile: '" + dir.resolve("ops.token") + "'}\n");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("http.auth.tokens[0].tokenFile: expected a readable file holding the token")
                .contains("no such file");
    }

    @Test
    void a_short_token_exits_with_2_without_showing_it() throws Exception {
        CommandRun run = gateway("http:\n  port: 0\n  auth:\n    tokens:\n"
                + "      - {name: ops, role: admin, token: hunter2hunter2}\n");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(":8: http.auth.tokens[0].token: expected at least 16 characters")
                .doesNotContain("hunter2");
    }

    @Test
    void a_missing_certificate_exits_with_2() throws Exception {
        CommandRun run = gateway("http:\n  port: 0\n  tls: {certPath: '" + dir.resolve("c.pem") + "', keyPath: '"
                + dir.resolve("k.pem") + "'}\n");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("http.tls.certPath: expected a readable PEM file");
    }

    @Test
    void an_api_the_network_reaches_without_a_token_exits_with_2_naming_the_key() throws Exception {
        CommandRun run = gateway("http:\n  host: 0.0.0.0\n  port: 0\n");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(":4: http.auth.tokens: expected at least one token when host is 0.0.0.0")
                .contains("auth.required: false");
    }
}
