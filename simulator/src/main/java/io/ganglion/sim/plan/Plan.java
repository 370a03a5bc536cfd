package io.ganglion.sim.plan;

import io.ganglion.profiles.model.CameraSpec;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.MetricSpec;
import io.ganglion.sim.faults.DeviceFaults;
import io.ganglion.sim.scenario.CameraGroup;
import io.ganglion.sim.scenario.DeviceGroup;
import io.ganglion.sim.scenario.LoadedScenario;
import io.ganglion.sim.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a scenario does, device by device: its {@link Fleet} and, for each run, an {@link EventStream} of every
 * connection event and message in time order. Deterministic: the same scenario, seed and start time give the same
 * events, byte for byte. Immutable; each {@link #events()} is a fresh run from the start.
 *
 * <pre>{@code
 * Plan plan = Plan.of(new ScenarioLoader().loadShipped("intersection"), Instant.now());
 * EventStream events = plan.events();
 * }</pre>
 */
public final class Plan {
    /** The interval of a device whose group and profile name none. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final LoadedScenario loaded;
    private final long start;
    private final long end;
    private final Fleet fleet;
    private final List<FrameSource> frames;

    private Plan(LoadedScenario loaded, long start) {
        this.loaded = loaded;
        this.start = start;
        Scenario scenario = loaded.scenario();
        this.end = scenario.runLength().map(length -> start + length.toMillis()).orElse(Long.MAX_VALUE);
        List<DeviceInfo> devices = new ArrayList<>(scenario.deviceCount());
        for (DeviceGroup group : scenario.devices()) {
            addGroup(devices, group, false);
        }
        List<FrameSource> sources = new ArrayList<>();
        for (CameraGroup group : scenario.cameras()) {
            addGroup(devices, group.telemetry(), true);
            sources.add(loaded.cameraFolder(group).map(FrameSource::fromFolder).orElseGet(() -> generated(group)));
        }
        this.fleet = new Fleet(devices);
        this.frames = List.copyOf(sources);
    }

    /**
     * @param loaded       a loaded scenario
     * @param defaultStart the start when the scenario names none, normally the wall clock now
     */
    public static Plan of(LoadedScenario loaded, Instant defaultStart) {
        Objects.requireNonNull(defaultStart, "defaultStart");
        return new Plan(loaded, loaded.scenario().startTime().orElse(defaultStart).toEpochMilli());
    }

    private void addGroup(List<DeviceInfo> devices, DeviceGroup group, boolean camera) {
        DeviceProfile profile = loaded.profile(group.profile());
        for (int i = 0; i < group.count(); i++) {
            devices.add(new DeviceInfo(group.deviceId(i), devices.size(), group.id(), i, camera, group.transport(),
                    group.mqtt(), group.psk(), profile, group.firmware()));
        }
    }

    private FrameSource generated(CameraGroup group) {
        CameraSpec spec = loaded.profile(group.profile()).camera().orElseThrow();
        return FrameSource.generated(spec.width(), spec.height());
    }

    public Fleet fleet() {
        return fleet;
    }

    public Scenario scenario() {
        return loaded.scenario();
    }

    /** The simulated start, UTC epoch milliseconds. */
    public long start() {
        return start;
    }

    /** The simulated end (exclusive), {@code Long.MAX_VALUE} for a run until stopped. */
    public long end() {
        return end;
    }

    /** A fresh run from the start. */
    public EventStream events() {
        List<Timeline> timelines = new ArrayList<>(fleet.size() + frames.size());
        long seed = loaded.scenario().seed();
        int ordinal = 0;
        for (DeviceGroup group : loaded.scenario().devices()) {
            for (int i = 0; i < group.count(); i++) {
                timelines.add(device(fleet.get(ordinal++), group, seed));
            }
        }
        List<CameraGroup> cameras = loaded.scenario().cameras();
        for (int c = 0; c < cameras.size(); c++) {
            CameraGroup group = cameras.get(c);
            double fps = group.fps() != null ? group.fps()
                    : loaded.profile(group.profile()).camera().orElseThrow().fps();
            for (int i = 0; i < group.count(); i++) {
                VirtualDevice camera = device(fleet.get(ordinal++), group.telemetry(), seed);
                timelines.add(camera);
                timelines.add(new CameraFrames(camera.info(), frames.get(c), fps, camera.startsAt(), end));
            }
        }
        return new EventStream(timelines, timelines.size());
    }

    private VirtualDevice device(DeviceInfo info, DeviceGroup group, long seed) {
        DeviceSchedule schedule = new DeviceSchedule(start, end, intervalMillis(group, info.profile()),
                group.jitter(), Seeds.random(seed, group.id(), info.index(), "schedule"));
        DeviceFaults faults = new DeviceFaults(group.faults(), Seeds.of(seed, group.id(), info.index(), "faults"),
                start);
        TelemetryEncoder telemetry = new TelemetryEncoder(info.id(), info.profile(), group.values(),
                metric -> Seeds.random(seed, group.id(), info.index(), "metric:" + metric));
        return new VirtualDevice(info, schedule, faults, telemetry, loaded.profiles());
    }

    /** The group's interval, else the profile's shortest metric period, else 10 s. */
    static long intervalMillis(DeviceGroup group, DeviceProfile profile) {
        if (group.interval() != null) {
            return Math.max(1, group.interval().toMillis());
        }
        return profile.metrics().values().stream().map(MetricSpec::period).filter(Objects::nonNull)
                .min(Duration::compareTo).orElse(DEFAULT_INTERVAL).toMillis();
    }
}
