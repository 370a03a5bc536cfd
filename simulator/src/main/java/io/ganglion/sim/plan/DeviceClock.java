package io.ganglion.sim.plan;

import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.codec.EpochUnit;
import io.ganglion.profiles.model.DeviceProfile;

/**
 * The timestamp a payload of a profile carries for a message sent at a time, and the one the gateway will store:
 * the device's (skewed) time in the resolution the codec writes it (whole seconds for epoch-second fields and SenML),
 * or, for a payload without a time, the send time (the gateway stores its receive time).
 */
final class DeviceClock {
    private DeviceClock() {
    }

    static long stamp(DeviceProfile profile, long sentAt, long skewMillis) {
        CodecSpec codec = profile.definition().telemetry();
        boolean senml = codec.codec() == CodecKind.SENML_JSON || codec.codec() == CodecKind.SENML_CBOR;
        if (codec.timestamp() == null && !senml) {
            return sentAt;
        }
        long deviceTime = sentAt + skewMillis;
        if (senml || codec.timestamp().unit() == EpochUnit.S) {
            return Math.floorDiv(deviceTime, 1000) * 1000;
        }
        return deviceTime;
    }
}
