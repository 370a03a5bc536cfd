package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ganglion.profiles.testing.TestCertificates;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.AuthConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.OperatorTokenConfig;
import io.ganglion.runtime.config.OperatorTokenConfig.Role;
import io.ganglion.runtime.config.TlsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.tls}: the API and the dashboard over HTTPS with a self-signed certificate made by keytool; plain HTTP to
 * the same port is not answered; the login cookie is Secure; a missing key file stops the start as a configuration
 * error.
 */
class HttpsTest {
    private static final String ADMIN = "admin-token-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void the_api_is_served_over_https_and_plain_http_is_refused() throws Exception {
        Path keystore = TestCertificates.keytool(dir, "gateway");
        Path[] pem = TestCertificates.pem(keystore);
        HttpConfig http = new HttpConfig("127.0.0.1", 0, new AuthConfig(null, List.of(
                new OperatorTokenConfig("console", Role.ADMIN, ADMIN, null))), new TlsConfig(pem[0], pem[1]));
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "d1").withHttp(http), "test")) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(TestCertificates.sslContext(keystore, null))
                    .build();
            String base = "https://localhost:" + gateway.httpPort();

            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health"))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(trusting.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                    .header("X-Requested-With", "test")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + ADMIN + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("set-cookie")).hasValueSatisfying(
                    v -> assertThat(v.toLowerCase(java.util.Locale.ROOT)).contains("; secure", "httponly"));

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Throwable refused = catchThrowable(() -> plain.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(refused).as("plain HTTP to the TLS port gets no answer").isInstanceOf(IOException.class);
        }
    }

    @Test
    void a_missing_key_file_is_a_configuration_error() {
        HttpConfig http = new HttpConfig("127.0.0.1", 0, null,
                new TlsConfig(dir.resolve("cert.pem"), dir.resolve("key.pem")));

        Throwable thrown = catchThrowable(() -> Gateway.start(GatewayFixture.embedded(dir, "d1").withHttp(http),
                "gateway.yaml"));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: http.tls.certPath: expected a readable PEM file")
                .hasMessageContaining("no such file");
    }
}
