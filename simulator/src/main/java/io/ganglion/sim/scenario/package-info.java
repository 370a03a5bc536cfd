/**
 * Scenario files: {@link io.ganglion.sim.scenario.ScenarioLoader} reads one (or a shipped one by name) into a
 * {@link io.ganglion.sim.scenario.LoadedScenario}, checked against the profiles it names, every error naming the
 * file, line, key and expectation. Records only; nothing here sends or schedules. The format: docs/simulator.md.
 */
package io.ganglion.sim.scenario;
