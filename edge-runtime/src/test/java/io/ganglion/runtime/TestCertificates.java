package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made by the JDK's keytool, as PKCS#12 for clients and PEM for the gateway (the same approach
 * as cloud-sync's test certificates; test classes are not shared between modules).
 */
final class TestCertificates {
    static final char[] PASSWORD = "changeit".toCharArray();

    private TestCertificates() {
    }

    /** {@code DIR/NAME.p12}: a self-signed RSA certificate for localhost and 127.0.0.1, made once. */
    static Path keytool(Path dir, String name) throws Exception {
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

    /** Writes {@code NAME.cert.pem} and {@code NAME.key.pem} next to the keystore; returns {cert, key}. */
    static Path[] pem(Path keystore) throws Exception {
        KeyStore store = load(keystore);
        String alias = store.aliases().nextElement();
        Path cert = keystore.resolveSibling(alias + ".cert.pem");
        Path key = keystore.resolveSibling(alias + ".key.pem");
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", store.getKey(alias, PASSWORD).getEncoded()));
        return new Path[] {cert, key};
    }

    /**
     * An HTTP client that trusts the certificate in {@code trusted} and, when {@code own} is not null, presents the
     * certificate and key in {@code own}.
     */
    static HttpClient client(Path trusted, Path own) throws Exception {
        KeyStore store = load(trusted);
        KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        String alias = store.aliases().nextElement();
        trustStore.setCertificateEntry(alias, store.getCertificate(alias));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        KeyManagerFactory keys = null;
        if (own != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(own), PASSWORD);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
