package io.ganglion.runtime.profiles;

import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.TestVectors;
import io.ganglion.profiles.model.VectorResult;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a set of profiles must satisfy before the gateway uses it, at start and at every reload: the devices in the
 * configuration find their profile or model in it, and its own test vectors pass (a profile that decodes its own
 * examples wrongly would store wrong values from real devices).
 */
final class ProfileChecks {
    /** One thing wrong, with the configuration key or profile vector it concerns. */
    record Problem(String key, String message) {
        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    private ProfileChecks() {
    }

    /** Problems of the configuration's devices and auto-registration profile against {@code set}. */
    static List<Problem> devices(GatewayConfig config, ProfileSet set) {
        List<Problem> problems = new ArrayList<>();
        List<DeviceConfig> devices = config.devices();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig device = devices.get(i);
            if (device.profile() != null && !known(set, device.profile())) {
                problems.add(new Problem("devices[" + i + "].profile", "expected one of the loaded profiles "
                        + ids(set) + ", got '" + device.profile() + "'"));
            }
            if (device.model() != null && set.byModel(device.model()).isEmpty()) {
                problems.add(new Problem("devices[" + i + "].model", "expected a model of the loaded profiles "
                        + set.all().stream().map(DeviceProfile::model).distinct().sorted().toList() + ", got '"
                        + device.model() + "'"));
            }
        }
        if (!known(set, config.ingest().autoRegisterProfile())) {
            problems.add(new Problem("ingest.autoRegisterProfile", "expected one of the loaded profiles " + ids(set)
                    + ", got '" + config.ingest().autoRegisterProfile() + "'"));
        }
        return problems;
    }

    /**
     * The failing test vectors of {@code set}'s own profiles. Library profiles are skipped: the build runs their
     * vectors, they cannot change at run time, and running them would add to every start.
     */
    static List<Problem> vectors(ProfileSet set) {
        List<Problem> problems = new ArrayList<>();
        ProfileSet library = ProfileSet.library();
        List<VectorResult> results = new ArrayList<>();
        for (DeviceProfile profile : set.all()) {
            boolean fromLibrary = library.find(profile.id()).filter(l -> l.file().equals(profile.file())).isPresent();
            if (!fromLibrary) {
                results.addAll(TestVectors.run(profile));
            }
        }
        for (VectorResult result : results) {
            if (!result.passed()) {
                problems.add(new Problem(result.location(), "test vector '" + result.vector() + "' of profile '"
                        + result.profileId() + "' fails: " + result.difference()));
            }
        }
        return problems;
    }

    private static boolean known(ProfileSet set, String id) {
        return JsonTelemetryProfile.ID.equals(id) || set.find(id).isPresent();
    }

    private static List<String> ids(ProfileSet set) {
        List<String> ids = new ArrayList<>();
        ids.add(JsonTelemetryProfile.ID);
        set.all().forEach(p -> ids.add(p.id()));
        ids.sort(null);
        return ids;
    }
}
