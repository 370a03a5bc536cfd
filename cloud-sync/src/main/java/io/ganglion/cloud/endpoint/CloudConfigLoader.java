package io.ganglion.cloud.endpoint;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.ConfigLoader;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Loads {@code cloud.yaml}, with the rules of {@link ConfigLoader}: unknown keys and wrong types are errors naming
 * the file, line and key; {@code ${NAME}} takes an environment variable (the usual way to give tokens and the
 * database password).
 */
public final class CloudConfigLoader {
    private final ConfigLoader loader;

    public CloudConfigLoader() {
        this(System::getenv);
    }

    /** @param environment looks up an environment variable by name, returning {@code null} when it is not set */
    public CloudConfigLoader(Function<String, String> environment) {
        this.loader = new ConfigLoader(environment);
    }

    public CloudConfig load(Path file) throws ConfigException {
        return loader.load(file, CloudConfig.class);
    }
}
