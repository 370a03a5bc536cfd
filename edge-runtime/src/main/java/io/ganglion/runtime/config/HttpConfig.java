package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

/** The REST API, dashboard and {@code /metrics} listener (YAML: {@code http}). Port 0 picks a free port. */
public record HttpConfig(String host, Integer port) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;

    public HttpConfig {
        host = notBlank("host", orDefault(host, DEFAULT_HOST));
        port = inRange("port", orDefault(port, DEFAULT_PORT), 0, 65535);
    }

    public static HttpConfig defaults() {
        return new HttpConfig(null, null);
    }
}
