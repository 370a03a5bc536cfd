package io.ganglion.runtime.profiles;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Profile;
import io.ganglion.profiles.RejectReason;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.FirmwareVersion;
import io.ganglion.profiles.model.ProfileSelection;
import io.ganglion.runtime.ingest.DeviceRegistry.KnownDevice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which profile decodes a device's messages right now. A device with a fixed profile id gets that profile; a device
 * declared by model gets the profile of that model whose firmware range covers the firmware it announced (or was
 * configured with). When none does, the device is flagged: its messages are rejected as {@code firmware_mismatch}
 * with the reason, never decoded with a profile meant for other firmware.
 *
 * <p>Choosing costs a scan of the model's profiles and a version parse, so the choice is kept per device until the
 * device announces other firmware or the profiles are reloaded. Thread-safe and non-blocking.
 */
public final class DeviceProfiles {
    /** The choice for one device: a profile, or why there is none. */
    public record Choice(Profile profile, RejectReason reason, String problem) {
        static Choice of(Profile profile) {
            return new Choice(profile, null, null);
        }

        static Choice none(RejectReason reason, String problem) {
            return new Choice(null, reason, problem);
        }

        public boolean found() {
            return profile != null;
        }
    }

    private record Cached(long generation, String firmware, Choice choice) {
    }

    private final ProfileCatalog catalog;
    private final Map<String, Cached> byDevice = new ConcurrentHashMap<>();

    public DeviceProfiles(ProfileCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The profile that decodes this device's next message.
     *
     * @throws DecodeException {@code firmware_mismatch} or {@code unknown_device} (a profile or model that is not
     *                         loaded), with the reason a person needs
     */
    public Profile profileFor(KnownDevice device) throws DecodeException {
        Choice choice = choose(device);
        if (!choice.found()) {
            throw new DecodeException(choice.reason(), choice.problem());
        }
        return choice.profile();
    }

    /** The current choice for a device, for the API and for logging; never throws. */
    public Choice choose(KnownDevice device) {
        long generation = catalog.generation();
        Cached cached = byDevice.get(device.id());
        if (cached != null && cached.generation() == generation && Objects.equals(cached.firmware(), device.firmware())) {
            return cached.choice();
        }
        Choice choice = chooseNow(device);
        byDevice.put(device.id(), new Cached(generation, device.firmware(), choice));
        return choice;
    }

    private Choice chooseNow(KnownDevice device) {
        if (device.profileId() != null) {
            return catalog.find(device.profileId()).map(Choice::of).orElseGet(() -> Choice.none(
                    RejectReason.UNKNOWN_DEVICE, "device uses profile '" + device.profileId()
                            + "', which is not loaded (loaded: " + String.join(", ", catalog.ids()) + ")"));
        }
        List<DeviceProfile> candidates = catalog.set().byModel(device.model());
        if (device.firmware() == null) {
            if (candidates.size() == 1) {
                return Choice.of(candidates.get(0)); // nothing to choose between
            }
            return Choice.none(candidates.isEmpty() ? RejectReason.UNKNOWN_DEVICE : RejectReason.FIRMWARE_MISMATCH,
                    candidates.isEmpty() ? "no profile of model " + device.model() + " is loaded"
                            : "device has not announced its firmware and model " + device.model() + " has "
                            + candidates.size() + " profiles (" + ranges(candidates) + "); announce it on the status "
                            + "topic or set devices[].firmware");
        }
        FirmwareVersion version;
        try {
            version = FirmwareVersion.parse("firmware", device.firmware());
        } catch (IllegalArgumentException e) {
            return Choice.none(RejectReason.FIRMWARE_MISMATCH, "device firmware '" + device.firmware()
                    + "' is not a version: " + e.getMessage());
        }
        ProfileSelection selection = catalog.set().select(device.model(), version);
        return selection.profile().<Choice>map(Choice::of)
                .orElseGet(() -> Choice.none(candidates.isEmpty() ? RejectReason.UNKNOWN_DEVICE
                        : RejectReason.FIRMWARE_MISMATCH, selection.reason()));
    }

    private static String ranges(List<DeviceProfile> profiles) {
        return profiles.stream().map(p -> p.id() + " [" + p.firmware() + "]").collect(Collectors.joining(", "));
    }
}
