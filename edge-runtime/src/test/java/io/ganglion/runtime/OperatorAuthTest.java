package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.AuthConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.OperatorTokenConfig;
import io.ganglion.runtime.config.OperatorTokenConfig.Role;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators' tokens on a real gateway (docs/security.md): one test per refusal (no token, a wrong token, a read token
 * on a command, a cookie write without the CSRF header), the admin token accepted, the login cookie flow, /metrics
 * behind the token, and no token value in any answer. One gateway for all but the rate limit, which blocks its
 * address.
 */
class OperatorAuthTest {
    static final String ADMIN = "admin-token-0123456789abcdef";
    static final String READ = "read-token-0123456789abcdef";
    static final String FROM_FILE = "file-token-0123456789abcdef";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path tokenFile = dir.resolve("scraper.token");
        Files.writeString(tokenFile, FROM_FILE + "\n");
        gateway = Gateway.start(withTokens(dir.resolve("gw"), tokenFile), "test");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static io.ganglion.runtime.config.GatewayConfig withTokens(Path dir, Path tokenFile) {
        return GatewayFixture.embedded(dir, "d1").withHttp(new HttpConfig("127.0.0.1", 0, new AuthConfig(null, List.of(
                new OperatorTokenConfig("console", Role.ADMIN, ADMIN, null),
                new OperatorTokenConfig("viewer", Role.READ, READ, null),
                new OperatorTokenConfig("scraper", Role.READ, null, tokenFile))), null));
    }

    /** A request with the given headers (name, value, name, value...); POST when {@code body} is not null. */
    static HttpResponse<String> send(Gateway gateway, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body != null) {
            request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void a_request_without_a_token_is_401_with_a_bearer_challenge() throws Exception {
        HttpResponse<String> response = send(gateway, "/api/v1/devices", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(new JsonObject(response.body()).getString("error")).contains("Authorization: Bearer");
        assertThat(send(gateway, "/api/v1/devices/d1/commands/on", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void a_wrong_token_is_401() throws Exception {
        HttpResponse<String> response = send(gateway, "/api/v1/health", null,
                "Authorization", bearer("not-the-token-0123456789"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("invalid_token"));
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("the token is not valid");
    }

    @Test
    void a_read_token_reads_everything_but_a_command_is_403() throws Exception {
        for (String path : List.of("/api/v1/health", "/api/v1/devices", "/api/v1/overview", "/api/v1/profiles",
                "/api/v1/sync")) {
            assertThat(send(gateway, path, null, "Authorization", bearer(READ)).statusCode()).as(path)
                    .isEqualTo(200);
        }

        HttpResponse<String> command = send(gateway, "/api/v1/devices/d1/commands/on", "{}",
                "Authorization", bearer(READ));
        assertThat(command.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(command.body()).getString("error"))
                .contains("'viewer' has the read role", "admin role");
        assertThat(send(gateway, "/api/v1/sync/refused/requeue", "{}", "Authorization", bearer(READ)).statusCode())
                .isEqualTo(403);
        assertThat(send(gateway, "/api/v1/cameras/cam-1/frames", "{}", "Authorization", bearer(READ)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void an_admin_token_gets_through_to_the_command_service() throws Exception {
        HttpResponse<String> command = send(gateway, "/api/v1/devices/nobody/commands/on", "{}",
                "Authorization", bearer(ADMIN));

        // Past the token check: the command service itself answers, about the unknown device.
        assertThat(command.statusCode()).isEqualTo(404);
        assertThat(command.body()).contains("nobody");
    }

    @Test
    void a_token_from_a_file_works_and_metrics_need_a_token() throws Exception {
        assertThat(send(gateway, "/metrics", null).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = send(gateway, "/metrics", null, "Authorization", bearer(FROM_FILE));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ganglion_");
    }

    @Test
    void the_dashboard_files_and_the_session_question_need_no_token() throws Exception {
        assertThat(send(gateway, "/dashboard/", null).statusCode()).isEqualTo(200);
        assertThat(send(gateway, "/dashboard/login.html", null).body()).contains("id=\"token\"");
        assertThat(send(gateway, "/dashboard/js/login.js", null).statusCode()).isEqualTo(200);
        JsonObject session = new JsonObject(send(gateway, "/api/v1/session", null).body());
        assertThat(session.getBoolean("auth")).isTrue();
        assertThat(session.getBoolean("loggedIn")).isFalse();
    }

    @Test
    void a_dashboard_path_that_climbs_into_the_api_needs_a_token() throws Exception {
        // A raw request: HTTP clients may remove the dot segments before sending.
        for (String path : List.of("/dashboard/../api/v1/devices", "/dashboard/%2e%2e/api/v1/devices",
                "/dashboard/./../metrics")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.httpPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                        + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).as(path).startsWith("HTTP/1.1 401");
            }
        }
    }

    @Test
    void the_login_sets_an_http_only_strict_cookie_that_works_like_the_token() throws Exception {
        String login = "{\"token\": \"" + ADMIN + "\"}";
        assertThat(send(gateway, "/api/v1/login", login).statusCode()).as("without the CSRF header").isEqualTo(403);
        assertThat(send(gateway, "/api/v1/login", "{\"token\": \"wrong-token-0123456789\"}",
                "X-Requested-With", "test").statusCode()).isEqualTo(401);

        HttpResponse<String> in = send(gateway, "/api/v1/login", login, "X-Requested-With", "test");
        assertThat(in.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(in.body()).getString("role")).isEqualTo("admin");
        String setCookie = in.headers().firstValue("set-cookie").orElseThrow();
        // Attribute names are case-insensitive (Netty writes HTTPOnly).
        assertThat(setCookie.toLowerCase(java.util.Locale.ROOT)).startsWith("ganglion_token=")
                .contains("httponly", "samesite=strict", "path=/").doesNotContain("secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send(gateway, "/api/v1/devices", null, "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(new JsonObject(send(gateway, "/api/v1/session", null, "Cookie", cookie).body())
                .getString("name")).isEqualTo("console");
        HttpResponse<String> forged = send(gateway, "/api/v1/devices/nobody/commands/on", "{}", "Cookie", cookie);
        assertThat(forged.statusCode()).as("a cookie write without the CSRF header").isEqualTo(403);
        assertThat(forged.body()).contains("X-Requested-With");
        assertThat(send(gateway, "/api/v1/devices/nobody/commands/on", "{}", "Cookie", cookie,
                "X-Requested-With", "ganglion-dashboard").statusCode()).isEqualTo(404);

        HttpResponse<String> out = send(gateway, "/api/v1/logout", "{}");
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("set-cookie")).hasValueSatisfying(
                v -> assertThat(v).startsWith("ganglion_token=;").contains("Max-Age=0"));
    }

    @Test
    void no_answer_contains_a_token() throws Exception {
        StringBuilder answers = new StringBuilder();
        for (String path : List.of("/api/v1/health", "/api/v1/overview", "/api/v1/profiles", "/api/v1/devices",
                "/api/v1/sync", "/api/v1/session", "/metrics")) {
            answers.append(send(gateway, path, null, "Authorization", bearer(ADMIN)).body());
        }
        answers.append(send(gateway, "/api/v1/login", "{\"token\": \"" + READ + "\"}", "X-Requested-With", "t")
                .body());
        answers.append(send(gateway, "/api/v1/devices/d1/commands/on", "{}", "Authorization", bearer(READ)).body());

        assertThat(answers.toString()).contains("gatewayId").doesNotContain(ADMIN, READ, FROM_FILE,
                ADMIN.substring(0, 12), READ.substring(0, 11));
        assertThat(gateway.config().toString()).doesNotContain(ADMIN, READ);
    }

    @Test
    void an_address_that_keeps_sending_wrong_tokens_is_refused_for_a_while(@TempDir Path own) throws Exception {
        try (Gateway limited = Gateway.start(withTokens(own, Files.writeString(own.resolve("t"), FROM_FILE)),
                "test")) {
            for (int i = 0; i < 10; i++) {
                assertThat(send(limited, "/api/v1/health", null, "Authorization", bearer("guess-" + i + "-0123456789"))
                        .statusCode()).isEqualTo(401);
            }
            HttpResponse<String> blocked = send(limited, "/api/v1/health", null, "Authorization", bearer(ADMIN));
            assertThat(blocked.statusCode()).as("even the right token, until the window ends").isEqualTo(429);
            assertThat(blocked.headers().firstValue("retry-after")).isPresent();
            assertThat(new JsonObject(blocked.body()).getString("error")).contains("too many refused tokens");
        }
    }
}
