package io.ganglion.sim.scenario;

import java.util.List;

/** The scenarios shipped in the jar, loadable by name with {@link ScenarioLoader#loadShipped}. */
public final class ShippedScenarios {
    /** A road intersection: loop detectors, cameras, air-quality and noise nodes, a signal-controller relay. */
    public static final String INTERSECTION = "intersection";
    /** A factory line: vibration sensors, part counters, an energy meter, an inspection camera. */
    public static final String FACTORY = "factory";
    public static final List<String> NAMES = List.of(INTERSECTION, FACTORY);

    private ShippedScenarios() {
    }
}
