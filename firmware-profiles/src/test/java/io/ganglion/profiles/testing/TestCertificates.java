package io.ganglion.profiles.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made by the JDK's keytool, for tests of TLS listeners and clients: PKCS#12 keystores for
 * clients, PEM files for servers (Vert.x reads PEM), and SSL contexts that trust one certificate and may present one.
 */
public final class TestCertificates {
    public static final char[] PASSWORD = "changeit".toCharArray();

    private TestCertificates() {
    }

    /** {@code DIR/NAME.p12}: a self-signed RSA certificate for localhost and 127.0.0.1 (CN=localhost), made once. */
    public static Path keytool(Path dir, String name) throws Exception {
        return keytool(dir, name, "localhost");
    }

    /** {@code DIR/NAME.p12}: a self-signed RSA certificate with the common name {@code cn}, made once. */
    public static Path keytool(Path dir, String name, String cn) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        if (Files.exists(keystore)) {
            return keystore;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=" + cn, "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return keystore;
    }

    /** Writes {@code NAME.cert.pem} and {@code NAME.key.pem} next to the keystore; returns {cert, key}. */
    public static Path[] pem(Path keystore) throws Exception {
        KeyStore store = load(keystore);
        String alias = store.aliases().nextElement();
        Path cert = keystore.resolveSibling(alias + ".cert.pem");
        Path key = keystore.resolveSibling(alias + ".key.pem");
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", store.getKey(alias, PASSWORD).getEncoded()));
        return new Path[] {cert, key};
    }

    /** A TLS context that trusts the certificate in {@code trusted} and presents the one in {@code own} (or none). */
    public static SSLContext sslContext(Path trusted, Path own) throws Exception {
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
        return context;
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
