package io.ganglion.profiles;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The profiles the gateway knows, by id. Thread-safe; the full profile system (issue: firmware profiles) replaces the
 * contents at hot reload, so callers look a profile up per message rather than keeping it.
 */
public final class ProfileRegistry {
    private final Map<String, Profile> byId = new ConcurrentHashMap<>();

    /** A registry holding the built-in profiles. */
    public static ProfileRegistry withBuiltIns() {
        ProfileRegistry registry = new ProfileRegistry();
        registry.register(JsonTelemetryProfile.builtIn());
        return registry;
    }

    public void register(Profile profile) {
        byId.put(profile.id(), profile);
    }

    public Optional<Profile> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Profile> all() {
        return byId.values();
    }
}
