/**
 * Faults: the scenario's {@link io.ganglion.sim.faults.FaultSpec}, one device's draws of it
 * ({@link io.ganglion.sim.faults.DeviceFaults}) and payloads its profile rejects
 * ({@link io.ganglion.sim.faults.MalformedPayloads}). What a fault does to the messages is the plan's business.
 */
package io.ganglion.sim.faults;
