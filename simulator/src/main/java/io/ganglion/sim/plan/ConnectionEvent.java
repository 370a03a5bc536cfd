package io.ganglion.sim.plan;

/**
 * A change of a device's connection, for the transport to carry out: {@link Kind#CONNECT} once when the device
 * starts, {@link Kind#DROP} in a disconnect storm (drop the connection abruptly, without a clean disconnect, so that
 * the broker publishes the last will), {@link Kind#RECONNECT} when it comes back (with the same session when the
 * group asks for a persistent one). A status message follows each CONNECT and RECONNECT at the same time.
 */
public record ConnectionEvent(String deviceId, int deviceOrdinal, long at, Kind kind) implements SimEvent {
    public enum Kind { CONNECT, DROP, RECONNECT }
}
