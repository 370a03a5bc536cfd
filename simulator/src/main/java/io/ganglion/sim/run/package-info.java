/**
 * Plays a plan against a gateway: the {@link io.ganglion.sim.run.Runner} (real time or a speed factor, progress,
 * drain, clean close), the {@link io.ganglion.sim.run.Link} contract its transports implement, the
 * {@link io.ganglion.sim.run.Recorder} they report to (ledger and counts), and the {@link io.ganglion.sim.run.GpioPins}
 * hook through which an in-process caller plays GPIO devices. Nothing here opens a socket itself.
 */
package io.ganglion.sim.run;
