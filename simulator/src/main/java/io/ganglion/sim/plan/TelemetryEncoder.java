package io.ganglion.sim.plan;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.EncodeException;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.MetricSpec;
import io.ganglion.sim.faults.DeviceFaults;
import io.ganglion.sim.values.MetricValues;
import io.ganglion.sim.values.ValueModels;
import io.ganglion.sim.values.ValueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's telemetry: the next value of each metric of its current profile, encoded with the profile's codec.
 * Each metric keeps its own value stream across a firmware change, so that a walk carries on where it was. Not
 * thread-safe: one device's.
 */
final class TelemetryEncoder {
    private final String deviceId;
    private final Map<String, ValueSpec> specs;
    private final ValueStreams streams;
    private final Map<String, MetricValues> byMetric = new HashMap<>();
    private DeviceProfile profile;
    private MetricValues[] current;
    private String[] units;
    private boolean binary;

    /** Where a metric's random stream comes from: the device's seed and the metric's name. */
    interface ValueStreams {
        java.util.SplittableRandom forMetric(String metric);
    }

    TelemetryEncoder(String deviceId, DeviceProfile profile, Map<String, ValueSpec> specs, ValueStreams streams) {
        this.deviceId = deviceId;
        this.specs = specs;
        this.streams = streams;
        switchTo(profile);
    }

    DeviceProfile profile() {
        return profile;
    }

    void switchTo(DeviceProfile newProfile) {
        this.profile = newProfile;
        this.binary = newProfile.definition().telemetry().codec() == CodecKind.BINARY;
        Map<String, MetricSpec> metrics = newProfile.metrics();
        current = new MetricValues[metrics.size()];
        units = new String[metrics.size()];
        int i = 0;
        for (Map.Entry<String, MetricSpec> metric : metrics.entrySet()) {
            String name = metric.getKey();
            // A metric whose spec changed with the firmware (a new unit or range) starts a fresh stream.
            MetricValues values = byMetric.get(name);
            if (values == null || !values.spec().equals(metric.getValue())) {
                values = new MetricValues(name, metric.getValue(),
                        ValueModels.create(specs.get(name), metric.getValue()), streams.forMetric(name));
                byMetric.put(name, values);
            }
            current[i] = values;
            units[i++] = metric.getValue().unit();
        }
    }

    /**
     * The readings of a message sent at {@code sentAt} and their payload; one value may be out of range when the
     * faults say so (and the codec can carry it).
     */
    Encoded next(long sentAt, long elapsed, DeviceFaults faults) {
        long stamp = DeviceClock.stamp(profile, sentAt, faults.clockSkewMillis());
        List<Reading> readings = new ArrayList<>(current.length);
        for (int i = 0; i < current.length; i++) {
            readings.add(new Reading(deviceId, current[i].metric(), stamp, current[i].next(sentAt, elapsed), units[i],
                    Quality.GOOD));
        }
        if (faults.outOfRange()) {
            Encoded bad = outOfRange(readings, faults.choice(), faults.choice() < 0.5);
            if (bad != null) {
                return bad;
            }
        }
        byte[] payload = encode(readings);
        return new Encoded(payload, binary ? decoded(payload, sentAt) : readings);
    }

    /**
     * What the gateway will read from a binary payload: its fields round values to their scale, so the readings
     * counted are the decoded ones. Cheap for a struct; text and CBOR codecs carry the values as they are.
     */
    private List<Reading> decoded(byte[] payload, long sentAt) {
        try {
            return profile.decodeTelemetry(deviceId, payload, sentAt);
        } catch (DecodeException e) {
            throw new IllegalStateException("profile " + profile.id() + " rejects its own payload for " + deviceId
                    + ": " + e.getMessage(), e);
        }
    }

    /** The readings with one value beyond its metric's range, or {@code null} when the codec can carry none. */
    private Encoded outOfRange(List<Reading> readings, double which, boolean above) {
        int start = (int) (which * current.length);
        for (int k = 0; k < current.length; k++) {
            int i = (start + k) % current.length;
            if (!current[i].canBeOutOfRange()) {
                continue;
            }
            for (boolean side : new boolean[] {above, !above}) {
                double value = current[i].outOfRange(side);
                if (Double.isNaN(value)) {
                    continue;
                }
                List<Reading> changed = new ArrayList<>(readings);
                Reading reading = readings.get(i);
                changed.set(i, new Reading(deviceId, reading.metric(), reading.timestamp(), value, reading.unit(),
                        Quality.BAD));
                try {
                    byte[] payload = profile.encodeTelemetry(changed);
                    return new Encoded(payload, binary ? decoded(payload, reading.timestamp()) : changed);
                } catch (EncodeException e) {
                    // An unsigned field cannot go below 0, a bit cannot hold 2: try the other side or metric.
                }
            }
        }
        return null;
    }

    private byte[] encode(List<Reading> readings) {
        try {
            return profile.encodeTelemetry(readings);
        } catch (EncodeException e) {
            // Values are fitted to the metric's range, which a valid profile's fields hold: a profile defect.
            throw new IllegalStateException("profile " + profile.id() + " cannot encode the values of " + deviceId
                    + ": " + e.getMessage(), e);
        }
    }

    /** A payload and the readings it carries. */
    record Encoded(byte[] payload, List<Reading> readings) {
    }
}
