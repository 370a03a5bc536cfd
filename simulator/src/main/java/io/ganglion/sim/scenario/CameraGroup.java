package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.model.FirmwareVersion;
import io.ganglion.sim.faults.FaultSpec;
import io.ganglion.sim.values.ValueSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code count} cameras of one profile ({@code cameras[]}): JPEG frames on the frames channel at {@code fps}, from a
 * folder of photos in name order (round robin), plus the profile's telemetry like any device.
 *
 * @param id        the id prefix, e.g. {@code cam} for {@code cam-0001}
 * @param count     how many cameras, 1 to 1000, default 1
 * @param profile   a profile with a {@code camera} section
 * @param firmware  the version they announce; must be in the profile's range
 * @param transport mqtt (default), coap or coaps
 * @param mqtt      MQTT options (frames are sent at this QoS too)
 * @param psk       the pre-shared key, required for coaps
 * @param folder    a folder of {@code *.jpg}/{@code *.jpeg} photos, relative to the scenario file; absent: small
 *                  generated frames of the profile's size
 * @param fps       frames per second per camera, 0.01 to 60; default the profile's {@code camera.fps}
 * @param interval  the time between telemetry messages; default the profile's shortest metric period
 * @param values    value models of the telemetry metrics
 */
public record CameraGroup(String id, Integer count, String profile, FirmwareVersion firmware, Transport transport,
                          MqttOptions mqtt, PskOptions psk, Path folder, Double fps, Duration interval,
                          Map<String, ValueSpec> values) {
    public static final int MAX_COUNT = 1000;

    public CameraGroup {
        id = identifier("id", id);
        count = inRange("count", orDefault(count, 1), 1, MAX_COUNT);
        profile = identifier("profile", profile);
        transport = orDefault(transport, Transport.MQTT);
        if (transport == Transport.GPIO) {
            throw new InvalidSettingException("transport", "mqtt, coap or coaps for a camera", "gpio");
        }
        if (transport == Transport.COAPS && psk == null) {
            throw new InvalidSettingException("psk", "a pre-shared key {identity, secret} for coaps", "nothing");
        }
        mqtt = orDefault(mqtt, MqttOptions.defaults());
        if (fps != null && !(fps >= 0.01 && fps <= 60)) {
            throw new InvalidSettingException("fps", "frames per second from 0.01 to 60", fps);
        }
        Rates.check(interval, null);
        values = Map.copyOf(orDefault(values, Map.of()));
    }

    /** The cameras as telemetry devices: the same ids, profile and transport, without faults. */
    public DeviceGroup telemetry() {
        return new DeviceGroup(id, count, profile, firmware, transport, mqtt, psk, interval, null, null, values,
                FaultSpec.none());
    }
}
