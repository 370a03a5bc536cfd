/**
 * The plan of a run, the API the transports build on. No network code here.
 *
 * <ul>
 *   <li>{@link io.ganglion.sim.plan.Plan#of} makes a plan from a loaded scenario; {@link io.ganglion.sim.plan.Plan#fleet}
 *   describes every device before the run ({@link io.ganglion.sim.plan.DeviceInfo}: id, transport, MQTT options
 *   (QoS, persistent session, last will), PSK, starting profile and firmware);</li>
 *   <li>{@link io.ganglion.sim.plan.Plan#events} is one run: an {@link io.ganglion.sim.plan.EventStream} of
 *   {@link io.ganglion.sim.plan.SimEvent}s in time order, single-threaded, made as they are taken (one queue entry
 *   per device);</li>
 *   <li>a {@link io.ganglion.sim.plan.ConnectionEvent} is CONNECT (once, first), DROP (close abruptly, no DISCONNECT
 *   packet, so the broker publishes the last will; for CoAPS drop the DTLS session; for CoAP nothing to do) or
 *   RECONNECT (with the same session when {@code mqtt.persistentSession});</li>
 *   <li>a {@link io.ganglion.sim.plan.Message} is bytes to send on a {@link io.ganglion.sim.plan.Channel} at a QoS,
 *   with a {@link io.ganglion.sim.plan.Tally} of what it counts for; hand it to
 *   {@link io.ganglion.sim.ledger.Ledger#sent} and, when confirmed, {@link io.ganglion.sim.ledger.Ledger#acknowledged}.
 *   Status messages go to MQTT's and CoAP's {@code devices/{id}/status}; for GPIO devices the telemetry payload is the
 *   JSON the gateway's GPIO driver reports, and its readings say which pin states to set on the mock provider.</li>
 * </ul>
 *
 * <p>Times are simulated UTC epoch milliseconds from {@link io.ganglion.sim.plan.Plan#start}; the transport maps
 * them to the wall clock (or runs faster than real time for a benchmark).
 */
package io.ganglion.sim.plan;
