package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.sim.faults.FaultSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A simulation scenario, as read from its YAML file by {@link ScenarioLoader}; every key is documented in
 * docs/simulator.md.
 *
 * @param name     what the scenario is called in logs and reports, default {@code scenario}
 * @param seed     the seed every random choice derives from; the same seed gives the same messages, default 1
 * @param duration how long the run lasts, 1s to 365d; absent: until stopped
 * @param start    the simulated time the run starts at, ISO-8601 UTC such as {@code 2026-03-02T06:00:00Z}; absent:
 *                 the wall clock when the run starts
 * @param profiles a directory of profiles beside the shipped library (overriding it by id), relative to the file
 * @param devices  device groups
 * @param cameras  camera groups
 */
public record Scenario(String name, Long seed, Duration duration, String start, Path profiles,
                       List<DeviceGroup> devices, List<CameraGroup> cameras) {
    public Scenario {
        name = notBlank("name", orDefault(name, "scenario"));
        seed = orDefault(seed, 1L);
        if (duration != null) {
            inRange("duration", duration, Duration.ofSeconds(1), Duration.ofDays(365));
        }
        if (start != null) {
            parseStart(start);
        }
        devices = List.copyOf(orDefault(devices, List.of()));
        cameras = List.copyOf(orDefault(cameras, List.of()));
        if (devices.isEmpty() && cameras.isEmpty()) {
            throw new InvalidSettingException("devices", "at least one device or camera group", "none");
        }
        Set<String> ids = new HashSet<>();
        for (DeviceGroup group : devices) {
            unique(ids, group.id(), "devices");
        }
        for (CameraGroup group : cameras) {
            unique(ids, group.id(), "cameras");
        }
    }

    private static void unique(Set<String> ids, String id, String key) {
        if (!ids.add(id)) {
            throw new InvalidSettingException(key, "each id prefix once across devices and cameras",
                    "'" + id + "' twice");
        }
    }

    private static Instant parseStart(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException("start", "an ISO-8601 UTC time such as 2026-03-02T06:00:00Z",
                    "'" + text + "'");
        }
    }

    /** The simulated start time, when the scenario fixes one. */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(start).map(Scenario::parseStart);
    }

    /** The run's length, when it has one. */
    public Optional<Duration> runLength() {
        return Optional.ofNullable(duration);
    }

    /** The same scenario with every device group's faults taken out: what a run without faults plays. */
    public Scenario withoutFaults() {
        return new Scenario(name, seed, duration, start, profiles,
                devices.stream().map(group -> group.withFaults(FaultSpec.none())).toList(), cameras);
    }

    /** The same scenario with other camera groups. */
    public Scenario withCameras(List<CameraGroup> others) {
        return new Scenario(name, seed, duration, start, profiles, devices, others);
    }

    /** How many devices and cameras the scenario plays. */
    public int deviceCount() {
        return devices.stream().mapToInt(DeviceGroup::count).sum()
                + cameras.stream().mapToInt(CameraGroup::count).sum();
    }
}
