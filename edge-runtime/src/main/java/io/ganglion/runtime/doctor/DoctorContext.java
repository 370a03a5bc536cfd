package io.ganglion.runtime.doctor;

import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.runtime.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checks share: the configuration as loaded, the profiles when they loaded, and whether a Ganglion gateway
 * already answers on the configured HTTP port (asked once, by the first check that wants to know).
 */
public final class DoctorContext {
    private final Path configFile;
    private final GatewayConfig config;
    private final ProfileSet profiles;
    private Optional<String> runningGateway;

    /** @param profiles null when they did not load (the configuration check said why) */
    public DoctorContext(Path configFile, GatewayConfig config, ProfileSet profiles) {
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.config = Objects.requireNonNull(config, "config");
        this.profiles = profiles;
    }

    public Path configFile() {
        return configFile;
    }

    public GatewayConfig config() {
        return config;
    }

    /** The profiles in force at start, or null when they did not load. */
    public ProfileSet profiles() {
        return profiles;
    }

    /** How the Ganglion gateway answering on the HTTP port describes itself, if one does. */
    public synchronized Optional<String> runningGateway() {
        if (runningGateway == null) {
            runningGateway = GatewayProbe.describe(config.http());
        }
        return runningGateway;
    }
}
