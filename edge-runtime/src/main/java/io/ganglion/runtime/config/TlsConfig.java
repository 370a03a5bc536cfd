package io.ganglion.runtime.config;

import io.ganglion.profiles.InvalidSettingException;
import java.nio.file.Path;

/**
 * HTTPS for the REST API and the dashboard (YAML: {@code http.tls}). With it the port speaks TLS only; a plain HTTP
 * request to it fails. The files are checked at start (a missing one is exit code 2) and opened by Vert.x.
 *
 * @param certPath the certificate chain, PEM, the server's own certificate first
 * @param keyPath  its private key, PEM (PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY})
 */
public record TlsConfig(Path certPath, Path keyPath) {
    public TlsConfig {
        if (certPath == null) {
            throw new InvalidSettingException("certPath", "a PEM certificate file", "nothing");
        }
        if (keyPath == null) {
            throw new InvalidSettingException("keyPath", "a PEM private key file", "nothing");
        }
    }
}
