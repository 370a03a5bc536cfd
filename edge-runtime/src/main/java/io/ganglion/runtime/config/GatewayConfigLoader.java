package io.ganglion.runtime.config;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.ConfigLoader;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Loads {@code gateway.yaml}. See {@link ConfigLoader} for the rules and docs/configuration.md for every key.
 *
 * <pre>{@code
 * GatewayConfig config = new GatewayConfigLoader().load(Path.of("gateway.yaml"));
 * }</pre>
 */
public final class GatewayConfigLoader {
    private final ConfigLoader loader;

    /** Substitutes {@code ${NAME}} from the process environment. */
    public GatewayConfigLoader() {
        this(System::getenv);
    }

    /** @param environment looks up an environment variable by name, returning {@code null} when it is not set */
    public GatewayConfigLoader(Function<String, String> environment) {
        this.loader = new ConfigLoader(environment);
    }

    /**
     * @param file {@code gateway.yaml}; error messages name it as given here
     * @return the configuration; an empty file gives {@link GatewayConfig#defaults()}
     * @throws ConfigException when the file cannot be used; its message names the file, line, key and expectation
     */
    public GatewayConfig load(Path file) throws ConfigException {
        return loader.load(file, GatewayConfig.class);
    }
}
