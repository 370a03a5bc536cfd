package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ganglion.profiles.testing.TestCertificates;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with self-signed certificates made by the JDK's keytool. One endpoint with server TLS: a client that trusts its
 * certificate gets through, a client that does not (or trusts another certificate) fails the handshake, a wrong token
 * over TLS is still 401. One endpoint with mutual TLS ({@code tls.clientCaPath}): a gateway presenting the expected
 * client certificate gets through, one presenting none or another certificate is refused in the handshake.
 */
class CloudEndpointTlsTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static CloudEndpoint endpoint;
    static CloudEndpoint mutual;
    static Path endpointKeystore;

    @BeforeAll
    static void start() throws Exception {
        endpointKeystore = TestCertificates.keytool(dir, "endpoint");
        Path[] pem = TestCertificates.pem(endpointKeystore);
        Path[] gatewayPem = TestCertificates.pem(TestCertificates.keytool(dir, "gateway"));
        vertx = Vertx.vertx();
        endpoint = CloudEndpoint.start(vertx, config(new CloudConfig.Tls(pem[0], pem[1]), "cloud.db"))
                .await(30, TimeUnit.SECONDS);
        mutual = CloudEndpoint.start(vertx, config(new CloudConfig.Tls(pem[0], pem[1], gatewayPem[0]),
                "mutual.db")).await(30, TimeUnit.SECONDS);
    }

    private static CloudConfig config(CloudConfig.Tls tls, String database) {
        return new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), tls, null,
                new CloudConfig.Storage(null, new CloudConfig.Sqlite(dir.resolve(database))), Batches.GATEWAYS, null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (CloudEndpoint started : new CloudEndpoint[] {endpoint, mutual}) {
            if (started != null) {
                started.close().await(20, TimeUnit.SECONDS);
            }
        }
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    @Test
    void a_client_that_trusts_the_certificate_is_served() throws Exception {
        HttpResponse<String> response = Batches.post(client(endpointKeystore, null), endpoint.url(),
                Batches.summaries("gw-1", 1, 2));

        assertThat(endpoint.url()).startsWith("https://");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void a_wrong_token_over_tls_is_401() throws Exception {
        HttpResponse<String> response = Batches.post(client(endpointKeystore, null), endpoint.url(),
                "gw-1", "a-wrong-token-0123456789", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void a_client_that_does_not_trust_the_certificate_fails_the_handshake() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Throwable failure = catchThrowable(() -> Batches.post(client, endpoint.url(),
                Batches.summaries("gw-1", 1, 2)));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void a_client_that_trusts_another_certificate_fails_the_handshake() throws Exception {
        HttpClient client = client(TestCertificates.keytool(dir, "other"), null);

        Throwable failure = catchThrowable(() -> Batches.post(client, endpoint.url(),
                Batches.summaries("gw-1", 1, 2)));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void mutual_tls_serves_a_gateway_with_the_expected_client_certificate() throws Exception {
        HttpClient client = client(endpointKeystore, TestCertificates.keytool(dir, "gateway"));

        HttpResponse<String> response = Batches.post(client, mutual.url(), Batches.summaries("gw-1", 1, 2));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void mutual_tls_refuses_a_gateway_without_or_with_another_client_certificate() throws Exception {
        HttpClient none = client(endpointKeystore, null);
        HttpClient other = client(endpointKeystore, TestCertificates.keytool(dir, "other"));

        Throwable withoutCertificate = catchThrowable(() -> Batches.post(none, mutual.url(),
                Batches.summaries("gw-1", 1, 2)));
        Throwable withOtherCertificate = catchThrowable(() -> Batches.post(other, mutual.url(),
                Batches.summaries("gw-1", 1, 2)));

        // With TLS 1.3 the client learns of the refusal after its Finished: a handshake alert or a closed connection.
        assertThat(withoutCertificate).isInstanceOf(IOException.class);
        assertThat(withOtherCertificate).isInstanceOf(IOException.class);
    }

    /** An HTTP client that trusts the certificate in {@code trusted} and presents the one in {@code own}, if any. */
    private static HttpClient client(Path trusted, Path own) throws Exception {
        return HttpClient.newBuilder().sslContext(TestCertificates.sslContext(trusted, own))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
