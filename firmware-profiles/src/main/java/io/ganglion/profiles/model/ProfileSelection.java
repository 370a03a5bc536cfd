package io.ganglion.profiles.model;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of choosing a profile for a device by model and firmware: the one profile whose range covers the
 * version, or the reason there is none. A device whose firmware no profile covers must be flagged and its messages
 * rejected, never decoded with a profile meant for other firmware.
 */
public final class ProfileSelection {
    private final DeviceProfile profile;
    private final String reason;

    private ProfileSelection(DeviceProfile profile, String reason) {
        this.profile = profile;
        this.reason = reason;
    }

    static ProfileSelection found(DeviceProfile profile) {
        return new ProfileSelection(Objects.requireNonNull(profile), "");
    }

    static ProfileSelection none(String reason) {
        return new ProfileSelection(null, reason);
    }

    public boolean isFound() {
        return profile != null;
    }

    /** The selected profile, if any. */
    public Optional<DeviceProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * The selected profile.
     *
     * @throws NoSuchElementException with {@link #reason()} when there is none
     */
    public DeviceProfile orElseThrow() {
        if (profile == null) {
            throw new NoSuchElementException(reason);
        }
        return profile;
    }

    /**
     * Why no profile was selected, e.g. {@code no profile of model bme280-node covers firmware 4.0 (known:
     * bosch-bme280-binary [>=1 <2], bosch-bme280-json [>=2 <3])}; empty when one was.
     */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return profile != null ? "selected " + profile : reason;
    }
}
