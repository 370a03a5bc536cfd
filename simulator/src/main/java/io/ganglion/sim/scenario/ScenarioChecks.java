package io.ganglion.sim.scenario;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.FirmwareVersion;
import io.ganglion.profiles.model.ProfileSelection;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.LoadedFile;
import io.ganglion.sim.faults.FaultSpec;
import io.ganglion.sim.values.ValueSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a scenario must agree on with its profiles, checked after binding so that each error still names its key and
 * line: the profiles exist, the firmware is theirs, the transport fits, value models name real metrics, a firmware
 * change selects a profile, a camera's profile is a camera's and its folder holds photos.
 */
final class ScenarioChecks {
    private final LoadedFile<Scenario> file;
    private final LoadedScenario loaded;

    ScenarioChecks(LoadedFile<Scenario> file, LoadedScenario loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    void run() throws ConfigException {
        List<DeviceGroup> devices = loaded.scenario().devices();
        for (int i = 0; i < devices.size(); i++) {
            checkGroup("devices[" + i + "]", devices.get(i));
        }
        List<CameraGroup> cameras = loaded.scenario().cameras();
        for (int i = 0; i < cameras.size(); i++) {
            String key = "cameras[" + i + "]";
            CameraGroup camera = cameras.get(i);
            checkGroup(key, camera.telemetry());
            if (loaded.profile(camera.profile()).camera().isEmpty()) {
                throw file.problem(key + ".profile", "expected a profile with a camera section (such as ip-camera),"
                        + " got '" + camera.profile() + "', which has none");
            }
            checkFolder(key + ".folder", loaded.cameraFolder(camera));
        }
    }

    private void checkGroup(String key, DeviceGroup group) throws ConfigException {
        DeviceProfile profile = profile(key + ".profile", group.profile());
        if (group.firmware() != null && !profile.firmware().contains(group.firmware())) {
            throw file.problem(key + ".firmware", "expected a version in the range of profile " + profile.id()
                    + " (" + profile.firmware() + "), got '" + group.firmware() + "'");
        }
        boolean gpioProfile = profile.transports().gpio() != null;
        if (gpioProfile != (group.transport() == Transport.GPIO)) {
            throw file.problem(key + ".transport", gpioProfile
                    ? "expected gpio: profile " + profile.id() + " is wired to the gateway's pins, got "
                    + group.transport().label()
                    : "expected mqtt, coap or coaps: profile " + profile.id() + " has no GPIO pins, got gpio");
        }
        Set<String> metrics = new HashSet<>(profile.metrics().keySet());
        FaultSpec.FirmwareChange change = group.faults().firmwareChange();
        if (change != null) {
            metrics.addAll(updatedProfile(key + ".faults.firmwareChange.to", profile, change.to()).metrics().keySet());
        }
        for (Map.Entry<String, ValueSpec> entry : group.values().entrySet()) {
            if (!metrics.contains(entry.getKey())) {
                throw file.problem(key + ".values." + entry.getKey(), "expected a metric of profile "
                        + profile.id() + " (" + String.join(", ", new TreeSet<>(metrics)) + "), got '"
                        + entry.getKey() + "'");
            }
        }
    }

    private DeviceProfile profile(String key, String id) throws ConfigException {
        Optional<DeviceProfile> profile = loaded.profiles().find(id);
        if (profile.isEmpty()) {
            String known = loaded.profiles().all().stream().map(DeviceProfile::id).sorted()
                    .collect(Collectors.joining(", "));
            throw file.problem(key, "expected the id of a profile in the library"
                    + (loaded.scenario().profiles() != null ? " or in " + loaded.scenario().profiles() : "")
                    + " (" + known + "), got '" + id + "'");
        }
        return profile.get();
    }

    private DeviceProfile updatedProfile(String key, DeviceProfile profile, FirmwareVersion to)
            throws ConfigException {
        ProfileSelection selection = loaded.profiles().select(profile.model(), to);
        if (!selection.isFound()) {
            throw file.problem(key, "expected a firmware version that selects a profile of model " + profile.model()
                    + ", got '" + to + "': " + selection.reason());
        }
        return selection.orElseThrow();
    }

    private void checkFolder(String key, Optional<Path> folder) throws ConfigException {
        if (folder.isEmpty()) {
            return;
        }
        Path dir = folder.get();
        if (!Files.isDirectory(dir)) {
            throw file.problem(key, "expected a folder of JPEG photos, got " + dir + ", which is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.noneMatch(CameraPhotos::isJpeg)) {
                throw file.problem(key, "expected a folder of JPEG photos (*.jpg, *.jpeg), got " + dir
                        + ", which has none");
            }
        } catch (IOException e) {
            throw file.problem(key, "expected a readable folder, got " + dir + ": " + e);
        }
    }
}
