package io.ganglion.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.OperatorTokenConfig.Role;
import io.ganglion.runtime.security.OperatorTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.auth} and {@code http.tls} in gateway.yaml: what loads, and one error per bad key, each naming the file,
 * line and key with what was expected, and never showing a token.
 */
class HttpSecurityConfigTest {
    private static final String ADMIN = "admin-token-0123456789abcdef";

    @TempDir
    Path dir;

    private final GatewayConfigLoader loader = new GatewayConfigLoader(Map.of("ADMIN_TOKEN", ADMIN)::get);

    private GatewayConfig load(String yaml) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return loader.load(file);
    }

    private String error(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> load(yaml)).getMessage()
                .replace(dir.resolve("gateway.yaml").toString(), "gateway.yaml");
    }

    @Test
    void reads_tokens_from_the_environment_and_files_and_the_tls_files() throws Exception {
        Files.writeString(dir.resolve("viewer.token"), "  viewer-token-0123456789\n");
        GatewayConfig config = load("""
                http:
                  auth:
                    tokens:
                      - {name: console, role: admin, token: "${ADMIN_TOKEN}"}
                      - {name: viewer, role: READ, tokenFile: %s}
                  tls:
                    certPath: /etc/ganglion/tls/cert.pem
                    keyPath: /etc/ganglion/tls/key.pem
                """.formatted(dir.resolve("viewer.token")));

        assertThat(config.http().auth().tokens()).extracting(OperatorTokenConfig::role)
                .containsExactly(Role.ADMIN, Role.READ);
        assertThat(config.http().tls().keyPath()).isEqualTo(Path.of("/etc/ganglion/tls/key.pem"));
        assertThat(config.http().scheme()).isEqualTo("https");
        assertThat(config.toString()).doesNotContain(ADMIN);
        OperatorTokens tokens = OperatorTokens.load(config.http().auth(), Path.of("gateway.yaml"));
        assertThat(tokens.match(ADMIN)).hasValueSatisfying(o -> assertThat(o.name()).isEqualTo("console"));
        assertThat(tokens.match("viewer-token-0123456789")).hasValueSatisfying(o -> assertThat(o.isAdmin()).isFalse());
        assertThat(tokens.match("viewer-token-012345678")).isEmpty();
    }

    @Test
    void a_token_shorter_than_16_characters_is_refused_without_showing_it() {
        String message = error("""
                http:
                  auth:
                    tokens:
                      - name: console
                        role: admin
                        token: secret-12345
                """);

        assertThat(message).isEqualTo("gateway.yaml:6: http.auth.tokens[0].token: expected at least 16 characters "
                + "(e.g. openssl rand -hex 32), got a token of 12 characters (not shown)");
    }

    @Test
    void both_token_and_token_file_is_refused() {
        assertThat(error("""
                http:
                  auth:
                    tokens:
                      - {name: console, role: admin, token: admin-token-0123456789abcdef, tokenFile: a.token}
                """)).startsWith("gateway.yaml:4: http.auth.tokens[0].tokenFile: expected exactly one of token and "
                + "tokenFile, got both").doesNotContain("admin-token");
    }

    @Test
    void neither_token_nor_token_file_is_refused() {
        assertThat(error("http:\n  auth:\n    tokens:\n      - {name: console, role: admin}\n"))
                .isEqualTo("gateway.yaml:4: http.auth.tokens[0].token: expected exactly one of token and tokenFile, "
                        + "got neither");
    }

    @Test
    void a_missing_or_unknown_role_is_refused() {
        assertThat(error("http:\n  auth:\n    tokens:\n      - {name: console, token: admin-token-0123456789}\n"))
                .isEqualTo("gateway.yaml:4: http.auth.tokens[0].role: expected read or admin, got nothing");
        assertThat(error("http:\n  auth:\n    tokens:\n"
                + "      - {name: console, role: writer, token: admin-token-0123456789}\n"))
                .startsWith("gateway.yaml:4: http.auth.tokens[0].role: expected ").contains("read", "admin", "writer");
    }

    @Test
    void a_bad_or_repeated_name_is_refused() {
        assertThat(error("http:\n  auth:\n    tokens:\n      - {name: 'my console', role: admin, "
                + "token: admin-token-0123456789}\n")).startsWith("gateway.yaml:4: http.auth.tokens[0].name: expected");
        assertThat(error("""
                http:
                  auth:
                    tokens:
                      - {name: console, role: admin, token: admin-token-0123456789}
                      - {name: console, role: read, token: read-token-0123456789}
                """)).startsWith("gateway.yaml:").contains("http.auth.tokens: expected each token name once, "
                + "got 'console' twice");
    }

    @Test
    void required_without_tokens_and_not_required_with_tokens_are_refused() {
        assertThat(error("http:\n  auth:\n    required: true\n"))
                .contains("http.auth.tokens: expected at least one token when required is true, got none");
        assertThat(error("""
                http:
                  auth:
                    required: false
                    tokens:
                      - {name: console, role: admin, token: admin-token-0123456789}
                """)).contains("http.auth.required: expected true or no value when tokens are given",
                "got false");
    }

    @Test
    void tls_needs_both_files() {
        assertThat(error("http:\n  tls:\n    certPath: cert.pem\n"))
                .isEqualTo("gateway.yaml:2: http.tls.keyPath: expected a PEM private key file, got nothing");
    }

    @Test
    void a_token_file_that_is_missing_or_too_short_or_a_repeated_token_is_refused_at_start() throws Exception {
        Path configFile = Path.of("gateway.yaml");
        AuthConfig missing = new AuthConfig(null, java.util.List.of(
                new OperatorTokenConfig("viewer", Role.READ, null, dir.resolve("none.token"))));
        assertThat(catchThrowableOfType(ConfigException.class, () -> OperatorTokens.load(missing, configFile)))
                .hasMessageStartingWith("gateway.yaml: http.auth.tokens[0].tokenFile: expected a readable file "
                        + "holding the token").hasMessageContaining("no such file");

        Path shortFile = Files.writeString(dir.resolve("short.token"), "abc123\n");
        AuthConfig tooShort = new AuthConfig(null, java.util.List.of(
                new OperatorTokenConfig("viewer", Role.READ, null, shortFile)));
        assertThat(catchThrowableOfType(ConfigException.class, () -> OperatorTokens.load(tooShort, configFile)))
                .hasMessageContaining("http.auth.tokens[0].tokenFile: expected a file holding a token of at least 16 "
                        + "characters").hasMessageContaining("6 characters (not shown)")
                .hasMessageNotContaining("abc123");

        AuthConfig twice = new AuthConfig(null, java.util.List.of(
                new OperatorTokenConfig("console", Role.ADMIN, ADMIN, null),
                new OperatorTokenConfig("viewer", Role.READ, ADMIN, null)));
        assertThat(catchThrowableOfType(ConfigException.class, () -> OperatorTokens.load(twice, configFile)))
                .hasMessageStartingWith("gateway.yaml: http.auth.tokens[1]: expected a token of its own, got the same "
                        + "token as 'console'").hasMessageNotContaining(ADMIN);
    }
}
