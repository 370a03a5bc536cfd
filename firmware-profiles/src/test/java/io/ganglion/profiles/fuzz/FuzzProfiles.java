package io.ganglion.profiles.fuzz;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shipped library's usable profiles in a fixed order (by id), so that the first byte of a fuzz input names the
 * same profile from run to run and committed inputs keep meaning what they meant.
 */
final class FuzzProfiles {
    static final List<DeviceProfile> ALL = ProfileSet.library().all().stream()
            .sorted(Comparator.comparing(DeviceProfile::id)).collect(Collectors.toList());

    private FuzzProfiles() {
    }

    /** The profile an input's first byte names (modulo the library's size). */
    static DeviceProfile pick(int selector) {
        return ALL.get(Math.floorMod(selector, ALL.size()));
    }
}
