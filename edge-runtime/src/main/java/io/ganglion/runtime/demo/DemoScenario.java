package io.ganglion.runtime.demo;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.GpioPin;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.scenario.CameraGroup;
import io.ganglion.sim.scenario.DeviceGroup;
import io.ganglion.sim.scenario.LoadedScenario;
import io.ganglion.sim.scenario.Scenario;
import io.ganglion.sim.scenario.ScenarioLoader;
import io.ganglion.sim.scenario.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scenario the demo plays and the gateway's side of it: a {@code devices:} entry per virtual device (its profile,
 * or its model and starting firmware when its group changes firmware during the run) and, for the GPIO devices, pins
 * of their own on the gateway's mock provider.
 *
 * @param plan    the plan the runner plays
 * @param devices the gateway's declared devices, in fleet order
 * @param pins    per GPIO device, its pins by the profile's pin names (BCM numbers)
 * @param cameras how many cameras the plan plays
 */
public record DemoScenario(Plan plan, List<DeviceConfig> devices, Map<String, Map<String, Integer>> pins,
                           int cameras) {
    /** The BCM numbers the demo wires GPIO devices to, in order: the Raspberry Pi header's general-purpose ones. */
    static final int FIRST_PIN = 4;
    static final int LAST_PIN = 27;

    /**
     * Loads {@code nameOrFile} (a shipped scenario's name or a file). Camera groups send the photos of
     * {@code photos} when given; without it (no detection model) the cameras are left out, because the gateway
     * refuses a camera whose model it does not have.
     *
     * @throws ConfigException          when the scenario cannot be loaded
     * @throws IllegalArgumentException when its GPIO devices need more pins than the demo has
     */
    public static DemoScenario load(String nameOrFile, Path photos, Instant start) throws ConfigException {
        return load(nameOrFile, photos, start, true);
    }

    /** The same, with the scenario's faults when {@code faults}, else without any. */
    public static DemoScenario load(String nameOrFile, Path photos, Instant start, boolean faults)
            throws ConfigException {
        LoadedScenario loaded = new ScenarioLoader().loadNamed(nameOrFile);
        Scenario s = faults ? loaded.scenario() : loaded.scenario().withoutFaults();
        List<CameraGroup> cameras = photos == null ? List.of() : s.cameras().stream()
                .map(c -> new CameraGroup(c.id(), c.count(), c.profile(), c.firmware(), c.transport(), c.mqtt(),
                        c.psk(), photos, c.fps(), c.interval(), c.values())).toList();
        if (cameras.isEmpty() && s.devices().isEmpty()) {
            throw new IllegalArgumentException("scenario " + s.name() + " has only cameras, and the demo has no "
                    + "detection model to run them with");
        }
        Scenario played = s.withCameras(cameras);
        Plan plan = Plan.of(new LoadedScenario(played, loaded.profiles(), loaded.file(), loaded.baseDir()), start);
        return of(plan);
    }

    static DemoScenario of(Plan plan) {
        Set<String> changingFirmware = new HashSet<>();
        for (DeviceGroup group : plan.scenario().devices()) {
            if (group.faults() != null && group.faults().firmwareChange() != null) {
                changingFirmware.add(group.id());
            }
        }
        List<DeviceConfig> devices = new ArrayList<>();
        Map<String, Map<String, Integer>> pins = new LinkedHashMap<>();
        int nextPin = FIRST_PIN;
        int cameras = 0;
        for (DeviceInfo device : plan.fleet().devices()) {
            DeviceProfile profile = device.profile();
            if (device.camera()) {
                cameras++;
            }
            if (device.transport() == Transport.GPIO) {
                Map<String, Integer> own = new TreeMap<>();
                for (String name : new TreeMap<String, GpioPin>(profile.transports().gpio().pins()).keySet()) {
                    if (nextPin > LAST_PIN) {
                        throw new IllegalArgumentException("the scenario's GPIO devices need more than the "
                                + (LAST_PIN - FIRST_PIN + 1) + " pins the demo wires (BCM " + FIRST_PIN + " to "
                                + LAST_PIN + "); " + device.id() + " has none left");
                    }
                    own.put(name, nextPin++);
                }
                pins.put(device.id(), Map.copyOf(own));
                devices.add(new DeviceConfig(device.id(), profile.id(), null, null, null, null, own));
            } else if (changingFirmware.contains(device.group()) && device.firmware() != null) {
                // Its profile follows the firmware it announces, as a real site's would.
                devices.add(new DeviceConfig(device.id(), null, profile.model(), device.firmware().toString()));
            } else {
                devices.add(new DeviceConfig(device.id(), profile.id()));
            }
        }
        return new DemoScenario(plan, List.copyOf(devices), Map.copyOf(pins), cameras);
    }

    public String name() {
        return plan.scenario().name();
    }

    /** The longest window in which the gateway counts a GPIO device's pins; empty without GPIO devices. */
    public Optional<Duration> longestPinWindow() {
        return plan.fleet().devices().stream().filter(d -> d.transport() == Transport.GPIO)
                .flatMap(d -> d.profile().transports().gpio().pins().values().stream())
                .map(pin -> pin.window() != null ? pin.window() : GpioPin.DEFAULT_WINDOW)
                .max(Duration::compareTo);
    }

    /** Devices by transport, for the console: {@code 8 gpio, 4 coap, 9 mqtt}. */
    public Map<Transport, Integer> byTransport() {
        Map<Transport, Integer> counts = new TreeMap<>();
        for (DeviceInfo device : plan.fleet().devices()) {
            counts.merge(device.transport(), 1, Integer::sum);
        }
        return counts;
    }
}
