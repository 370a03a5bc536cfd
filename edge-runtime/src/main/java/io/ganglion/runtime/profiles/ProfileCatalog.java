package io.ganglion.runtime.profiles;

import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.profiles.Profile;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The firmware profiles in force: the shipped library, overridden by the configured directory, plus the built-in
 * {@code json-telemetry}. Hot reload {@link #replace replaces} the whole set at once, so a message is decoded with
 * one consistent set; callers look profiles up per message (or cache by {@link #generation}) rather than keep them.
 * Thread-safe and non-blocking.
 */
public final class ProfileCatalog {
    /** A set of profiles and when it came into force. */
    public record Snapshot(ProfileSet set, long generation, Instant since) {
    }

    private final Profile builtIn = JsonTelemetryProfile.builtIn();
    private volatile Snapshot current;

    public ProfileCatalog(ProfileSet initial) {
        this.current = new Snapshot(Objects.requireNonNull(initial, "initial"), 1, Instant.now());
    }

    /**
     * The profile with this id. The built-in {@value JsonTelemetryProfile#ID} cannot be replaced by a file: devices
     * configured with it keep decoding the same way whatever is loaded.
     */
    public Optional<Profile> find(String id) {
        if (builtIn.id().equals(id)) {
            return Optional.of(builtIn);
        }
        return current.set().find(id).map(Profile.class::cast);
    }

    public ProfileSet set() {
        return current.set();
    }

    public Snapshot snapshot() {
        return current;
    }

    /** Grows by one with every {@link #replace}: a cached lookup from an older generation must be done again. */
    public long generation() {
        return current.generation();
    }

    /** Every profile id a device can be configured with, sorted. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(builtIn.id());
        for (DeviceProfile profile : current.set().all()) {
            ids.add(profile.id());
        }
        ids.sort(null);
        return ids;
    }

    /** Every model a device can be configured with, sorted. */
    public List<String> models() {
        return current.set().all().stream().map(DeviceProfile::model).distinct().sorted().toList();
    }

    synchronized void replace(ProfileSet next) {
        current = new Snapshot(Objects.requireNonNull(next, "next"), current.generation() + 1, Instant.now());
    }
}
