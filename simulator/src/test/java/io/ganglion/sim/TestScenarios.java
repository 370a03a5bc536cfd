package io.ganglion.sim;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.scenario.LoadedScenario;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;

/** Scenarios written in a test, and the fixed start every test plans from. */
public final class TestScenarios {
    public static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    private TestScenarios() {
    }

    public static LoadedScenario load(String yaml) throws ConfigException {
        return new ScenarioLoader(name -> null).loadText(yaml, Path.of("test.yaml"), null);
    }

    public static Plan plan(String yaml) throws ConfigException {
        return Plan.of(load(yaml), START);
    }
}
