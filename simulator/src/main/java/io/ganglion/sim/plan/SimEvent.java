package io.ganglion.sim.plan;

/**
 * Something a virtual device does at a time: a {@link Message} to send or a {@link ConnectionEvent}. Immutable;
 * events come out of {@link EventStream#next()} in time order.
 */
public sealed interface SimEvent permits Message, ConnectionEvent {

    /** The device's id, as in its topics and resources. */
    String deviceId();

    /** The device's number in the fleet, 0-based: an index into {@link Fleet#devices()}. */
    int deviceOrdinal();

    /** When it happens, in simulated UTC epoch milliseconds (the transport maps it to the wall clock). */
    long at();
}
