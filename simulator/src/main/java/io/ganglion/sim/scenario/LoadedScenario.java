package io.ganglion.sim.scenario;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A scenario that passed every check, with the profiles it plays (the library, overridden by its {@code profiles}
 * directory) and where its relative paths are resolved from.
 *
 * @param scenario the scenario
 * @param profiles the profiles its groups name; every group's profile is in it
 * @param file     the file (or classpath resource) it was read from, as messages name it
 * @param baseDir  the directory relative paths are resolved from; {@code null} for a classpath resource
 */
public record LoadedScenario(Scenario scenario, ProfileSet profiles, Path file, Path baseDir) {

    /** The profile a group names; the loader made sure it exists. */
    public DeviceProfile profile(String id) {
        return profiles.find(id).orElseThrow();
    }

    /** A camera group's folder of photos, resolved against the scenario's directory; empty for generated frames. */
    public Optional<Path> cameraFolder(CameraGroup group) {
        if (group.folder() == null) {
            return Optional.empty();
        }
        return Optional.of(baseDir == null ? group.folder() : baseDir.resolve(group.folder()));
    }
}
