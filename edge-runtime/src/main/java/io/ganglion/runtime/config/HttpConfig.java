package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;

/**
 * The REST API, dashboard and {@code /metrics} listener (YAML: {@code http}). Port 0 picks a free port. Who may use it
 * and when it is open without a token: docs/security.md.
 *
 * <p>On loopback by default, and beyond loopback only with tokens (or {@code auth.required: false}, when a proxy in
 * front authenticates): whoever reaches the API reads all data and sends commands to actuators, so an address that
 * the network reaches without a token is a configuration error, not a warning an installer might never read.
 *
 * @param auth operators' tokens; without any, the API is open, which only loopback allows
 * @param tls  a PEM certificate and key: the port then speaks HTTPS only; none: plain HTTP
 */
public record HttpConfig(String host, Integer port, AuthConfig auth, TlsConfig tls) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpConfig {
        host = notBlank("host", orDefault(host, DEFAULT_HOST));
        port = inRange("port", orDefault(port, DEFAULT_PORT), 0, 65535);
        auth = orDefault(auth, AuthConfig.defaults());
        if (!auth.enabled() && !auth.deliberatelyOff() && !Loopback.isLoopback(host)) {
            throw new InvalidSettingException("auth.tokens", "at least one token when host is " + host
                    + ", which the network reaches (or host: 127.0.0.1; or auth.required: false when a proxy in front"
                    + " authenticates)", "none");
        }
    }

    /** Open (no tokens) and plain HTTP. */
    public HttpConfig(String host, Integer port) {
        this(host, port, null, null);
    }

    public static HttpConfig defaults() {
        return new HttpConfig(null, null);
    }

    /** The scheme browsers and clients use for this listener. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }
}
