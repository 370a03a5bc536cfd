package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.profiles.testing.TestCertificates;
import io.ganglion.runtime.doctor.CheckResult.Status;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud check against the real cloud endpoint of cloud-sync (on SQLite, over HTTPS with a self-signed
 * certificate), and a closed port.
 */
class DoctorCloudTest {
    private static final String TOKEN = "doctor-gw-token-0123456789";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private CloudEndpoint endpoint;

    @AfterEach
    void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close().await(20, TimeUnit.SECONDS);
        }
        vertx.close().await(20, TimeUnit.SECONDS);
    }

    /** The endpoint over HTTPS with a certificate for localhost and 127.0.0.1; returns the certificate's PEM. */
    private Path startTlsEndpoint() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        return startTlsEndpoint(TestCertificates.keytool(certs, "cloud"));
    }

    private Path startTlsEndpoint(Path keystore) throws Exception {
        Path[] pem = TestCertificates.pem(keystore);
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0),
                new CloudConfig.Tls(pem[0], pem[1], null), null,
                new CloudConfig.Storage(null, new CloudConfig.Sqlite(dir.resolve("cloud.db"))),
                Map.of("doctor-gw", TOKEN), null);
        endpoint = CloudEndpoint.start(vertx, config).await(30, TimeUnit.SECONDS);
        return pem[0];
    }

    private CheckResult check(String endpointUrl, String token, Path trustPem) {
        DoctorContext context = new DoctorSite(dir).with("sync", "\n  endpoint: " + endpointUrl + "\n  token: " + token
                + (trustPem == null ? "" : "\n  trustPem: " + trustPem)).load();
        return new CloudCheck(context.config()).run().get(0);
    }

    private String httpsUrl() {
        return "https://127.0.0.1:" + endpoint.port();
    }

    @Test
    void an_unreachable_cloud_is_a_FAIL_saying_connection_refused() {
        String url = "http://127.0.0.1:" + MosquittoBroker.freePort();

        CheckResult result = check(url, TOKEN, null);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.found()).isEqualTo("cannot reach " + url + ": connection refused");
        assertThat(result.fix()).contains("sync.endpoint");
    }

    @Test
    void a_certificate_the_gateway_does_not_trust_is_a_FAIL_saying_so() throws Exception {
        startTlsEndpoint();

        CheckResult result = check(httpsUrl(), TOKEN, null);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.found()).startsWith("the certificate of " + httpsUrl() + " is not trusted: ");
        assertThat(result.fix()).contains("sync.trustPem");
    }

    @Test
    void a_trusted_certificate_for_another_host_is_a_FAIL_saying_it_does_not_name_the_host() throws Exception {
        Path trust = startTlsEndpoint(keystoreFor("cloud.elsewhere.example"));

        CheckResult result = check(httpsUrl(), TOKEN, trust);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.found()).startsWith("the certificate of " + httpsUrl() + " does not name 127.0.0.1: ");
    }

    /** A self-signed certificate naming only {@code host} (TestCertificates' always name localhost too). */
    private Path keystoreFor(String host) throws Exception {
        Path keystore = Files.createDirectories(dir.resolve("other-certs")).resolve("elsewhere.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String password = new String(TestCertificates.PASSWORD);
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "elsewhere", "-keyalg",
                "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=" + host, "-ext", "SAN=dns:" + host,
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass",
                password).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keystore;
    }

    @Test
    void a_401_is_a_FAIL_about_the_token() throws Exception {
        Path trust = startTlsEndpoint();

        CheckResult result = check(httpsUrl(), "not-the-token-of-this-gateway", trust);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.found()).startsWith(httpsUrl() + " refused the token (401").contains("unknown token");
        assertThat(result.fix()).contains("sync.token");
    }

    @Test
    void the_right_token_with_the_configured_trust_passes() throws Exception {
        Path trust = startTlsEndpoint();

        CheckResult result = check(httpsUrl(), TOKEN, trust);

        assertThat(result).isEqualTo(CheckResult.ok("cloud", httpsUrl()
                + " is reachable and accepts this gateway's token"));
    }
}
