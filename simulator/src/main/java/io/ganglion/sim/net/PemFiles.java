package io.ganglion.sim.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Reads the PEM files of MQTT over TLS when the run is built, so that a wrong path or a wrong file fails at start
 * with a message naming the option, the file and what was expected, not as a failed handshake per device later.
 */
final class PemFiles {
    private PemFiles() {
    }

    /**
     * The bytes of a file of one or more PEM certificates.
     *
     * @param key what the message calls the setting ({@code --mqtt-ca})
     */
    static byte[] certificates(String key, Path file) {
        byte[] bytes = read(key, file, "a PEM file of certificates");
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .isEmpty()) {
                throw invalid(key, file, "a PEM file of certificates", "no certificate in it");
            }
        } catch (CertificateException e) {
            throw invalid(key, file, "a PEM file of certificates", "no readable certificate in it (" + e.getMessage()
                    + ")");
        }
        return bytes;
    }

    /** The bytes of a PEM private key (PKCS#8, or PKCS#1 RSA, or EC), checked by its header only. */
    static byte[] privateKey(String key, Path file) {
        byte[] bytes = read(key, file, "a PEM private key");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ") || !text.contains("PRIVATE KEY-----")) {
            // Never print the file's content: it may be a key in another form.
            throw invalid(key, file, "a PEM private key", "no '-----BEGIN ... PRIVATE KEY-----' in it");
        }
        return bytes;
    }

    private static byte[] read(String key, Path file, String expected) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw invalid(key, file, expected, "no such file");
        } catch (IOException e) {
            throw invalid(key, file, expected, "it cannot be read (" + e + ")");
        }
    }

    private static IllegalArgumentException invalid(String key, Path file, String expected, String got) {
        return new IllegalArgumentException(key + ": expected " + expected + ", got " + file + ": " + got);
    }
}
