/**
 * Value models (constant, random walk, daily cycle, bursts, step changes, counter) and
 * {@link io.ganglion.sim.values.MetricValues}, which fits a model's output to a metric's type and range. Models draw
 * randomness only from the stream they are handed, so values depend on the seed, the device and time alone.
 */
package io.ganglion.sim.values;
