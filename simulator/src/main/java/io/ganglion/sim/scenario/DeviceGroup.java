package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.model.FirmwareVersion;
import io.ganglion.sim.faults.FaultSpec;
import io.ganglion.sim.values.ValueSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code count} devices of one profile ({@code devices[]}), with ids {@code <id>-0001}, {@code <id>-0002}, ...
 *
 * @param id        the id prefix, e.g. {@code air} for {@code air-0001}
 * @param count     how many devices, 1 to 100000, default 1
 * @param profile   the profile they encode with: a profile id of the library or of the scenario's {@code profiles}
 * @param firmware  the version they announce on their status channel; must be in the profile's range; absent: they
 *                  announce none
 * @param transport mqtt (default), coap, coaps or gpio (the profile must have GPIO pins, and the other way round)
 * @param mqtt      MQTT options
 * @param psk       the pre-shared key, required for coaps
 * @param interval  the time between one device's messages; default the profile's shortest metric period, else 10s
 * @param rate      instead of interval: messages per second per device
 * @param jitter    each interval varies by up to this share, 0 to 0.5, default 0.1
 * @param values    value models by metric; metrics not named get a default one
 * @param faults    faults; default none
 */
public record DeviceGroup(String id, Integer count, String profile, FirmwareVersion firmware, Transport transport,
                          MqttOptions mqtt, PskOptions psk, Duration interval, Double rate, Double jitter,
                          Map<String, ValueSpec> values, FaultSpec faults) {
    public static final double DEFAULT_JITTER = 0.1;
    public static final int MAX_COUNT = 100_000;

    public DeviceGroup {
        id = identifier("id", id);
        count = inRange("count", orDefault(count, 1), 1, MAX_COUNT);
        profile = identifier("profile", profile);
        transport = orDefault(transport, Transport.MQTT);
        mqtt = orDefault(mqtt, MqttOptions.defaults());
        if (transport == Transport.COAPS && psk == null) {
            throw new InvalidSettingException("psk", "a pre-shared key {identity, secret} for coaps", "nothing");
        }
        Rates.check(interval, rate);
        interval = Rates.interval(interval, rate);
        rate = null;
        jitter = Rates.jitter(jitter);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(orDefault(values, Map.of())));
        faults = orDefault(faults, FaultSpec.none());
    }

    /** The same group with other faults. */
    public DeviceGroup withFaults(FaultSpec others) {
        return new DeviceGroup(id, count, profile, firmware, transport, mqtt, psk, interval, null, jitter, values,
                others);
    }

    /** The id of the group's {@code index}th device (0-based): {@code air-0001} for index 0. */
    public String deviceId(int index) {
        return DeviceIds.of(id, index, count);
    }
}
