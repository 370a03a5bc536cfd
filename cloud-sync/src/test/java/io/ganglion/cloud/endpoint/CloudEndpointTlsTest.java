package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a self-signed certificate made by the JDK's keytool: a client that trusts it gets through, a client that
 * does not (or trusts another certificate) fails the handshake, and a wrong token over TLS is still 401.
 */
class CloudEndpointTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static Vertx vertx;
    static CloudEndpoint endpoint;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = keytool("endpoint");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("endpoint").getEncoded()));
        Key privateKey = store.getKey("endpoint", PASSWORD);
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));

        vertx = Vertx.vertx();
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), new CloudConfig.Tls(cert, key),
                null, new CloudConfig.Storage(null, new CloudConfig.Sqlite(dir.resolve("cloud.db"))),
                Batches.GATEWAYS, null);
        endpoint = CloudEndpoint.start(vertx, config).await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close().await(20, TimeUnit.SECONDS);
        }
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    @Test
    void a_client_that_trusts_the_certificate_is_served() throws Exception {
        HttpClient client = trusting(dir.resolve("endpoint.p12"));

        HttpResponse<String> response = Batches.post(client, endpoint.url(), Batches.summaries("gw-1", 1, 2));

        assertThat(endpoint.url()).startsWith("https://");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void a_wrong_token_over_tls_is_401() throws Exception {
        HttpResponse<String> response = Batches.post(trusting(dir.resolve("endpoint.p12")), endpoint.url(), "gw-1",
                "a-wrong-token-0123456789", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8));

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
        HttpClient client = trusting(keytool("other"));

        Throwable failure = catchThrowable(() -> Batches.post(client, endpoint.url(),
                Batches.summaries("gw-1", 1, 2)));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
    }

    /** A PKCS#12 keystore {@code NAME.p12} with a self-signed RSA certificate for localhost and 127.0.0.1. */
    private static Path keytool(String name) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        if (Files.exists(keystore)) {
            return keystore;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keystore;
    }

    private static HttpClient trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        String alias = store.aliases().nextElement();
        Certificate certificate = store.getCertificate(alias);
        trusted.setCertificateEntry(alias, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
