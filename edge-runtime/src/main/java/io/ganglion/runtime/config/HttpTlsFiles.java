package io.ganglion.runtime.config;

import io.ganglion.profiles.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HTTP listener's certificate and key ({@code http.tls}) are readable: a missing one is a configuration error
 * (exit 2), not a start-up failure. The gateway checks them at start, {@code ganglion doctor} before one.
 */
public final class HttpTlsFiles {
    private HttpTlsFiles() {
    }

    /** @param configFile the configuration file, named in the error */
    public static void check(GatewayConfig config, Path configFile) throws ConfigException {
        if (config.http().tls() == null) {
            return;
        }
        for (String key : new String[] {"certPath", "keyPath"}) {
            Path file = key.equals("certPath") ? config.http().tls().certPath() : config.http().tls().keyPath();
            if (!Files.isReadable(file)) {
                // Relative paths are taken from the working directory, as Vert.x opens them.
                throw new ConfigException(configFile, "http.tls." + key, 0, "expected a readable PEM file, got "
                        + file + " (" + (Files.exists(file) ? "cannot be read" : "no such file") + ", resolved to "
                        + file.toAbsolutePath().normalize() + ")");
            }
        }
    }
}
