package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.notBlank;

/** One declared device (YAML: an entry of {@code devices}). The profile must be one the gateway knows. */
public record DeviceConfig(String id, String profile) {
    public DeviceConfig {
        identifier("id", id);
        notBlank("profile", profile);
    }
}
