package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.notBlank;

import io.ganglion.profiles.InvalidSettingException;

/**
 * One declared device (YAML: an entry of {@code devices}). It names either the exact {@code profile} that decodes it,
 * or its {@code model}, in which case the firmware it announces on its status channel picks the profile of that model
 * whose firmware range covers it; {@code firmware} is the version assumed until it announces one. The gateway checks
 * at start that the profile or model is one it knows.
 */
public record DeviceConfig(String id, String profile, String model, String firmware) {
    public DeviceConfig {
        identifier("id", id);
        if ((profile == null) == (model == null)) {
            throw new InvalidSettingException(profile == null ? "profile" : "model",
                    "either profile (a profile id) or model (selects the profile by firmware), not both",
                    profile == null ? "neither" : "both");
        }
        if (profile != null) {
            notBlank("profile", profile);
            if (firmware != null) {
                throw new InvalidSettingException("firmware", "firmware only together with model (a fixed profile "
                        + "does not depend on it)", firmware);
            }
        } else {
            notBlank("model", model);
        }
        if (firmware != null) {
            notBlank("firmware", firmware);
        }
    }

    /** A device with a fixed profile. */
    public DeviceConfig(String id, String profile) {
        this(id, profile, null, null);
    }
}
