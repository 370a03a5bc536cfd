package io.ganglion.sim.faults;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import io.ganglion.profiles.model.DeviceProfile;
import java.util.Arrays;

/**
 * Bytes a profile's codec rejects, made from a valid payload the way a flaky link or a buggy firmware makes them:
 * cut short. Each candidate is decoded with the profile itself, so the reason the gateway will give is known, never
 * guessed; a cut that still decodes (a codec that accepts a prefix) falls back to bytes no codec reads.
 */
public final class MalformedPayloads {
    /** 0xFF is neither JSON nor a CBOR item start outside an indefinite-length item, and 2 bytes fit no struct here. */
    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 0x00};

    private MalformedPayloads() {
    }

    /**
     * @param payload a payload of {@code profile}, {@code deviceId}'s
     * @return bytes the profile rejects, and why
     * @throws IllegalStateException when the profile accepts even the fallback bytes (a profile no device could break)
     */
    public static Corrupt corrupt(DeviceProfile profile, String deviceId, byte[] payload) {
        byte[] cut = Arrays.copyOf(payload, Math.max(1, payload.length / 2));
        RejectReason reason = rejection(profile, deviceId, cut);
        if (reason != null) {
            return new Corrupt(cut, reason);
        }
        reason = rejection(profile, deviceId, GARBAGE);
        if (reason == null) {
            throw new IllegalStateException("profile " + profile.id() + " decodes every candidate malformed payload");
        }
        return new Corrupt(GARBAGE.clone(), reason);
    }

    private static RejectReason rejection(DeviceProfile profile, String deviceId, byte[] bytes) {
        try {
            profile.decodeTelemetry(deviceId, bytes, 0);
            return null;
        } catch (DecodeException e) {
            return e.reason();
        }
    }

    /** A payload the gateway must reject, with the reason it will give. */
    public record Corrupt(byte[] payload, RejectReason reason) {
    }
}
