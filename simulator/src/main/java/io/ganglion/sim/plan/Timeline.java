package io.ganglion.sim.plan;

/**
 * What one virtual device (or a camera's frame feed) does, in time order. Implementations produce ahead only as far
 * as they must to know their next event exactly, so that {@link #nextAt()} is the time of the event {@link #poll()}
 * returns and a merge of many timelines stays in time order.
 */
interface Timeline {
    /** The time of the next event; {@code Long.MAX_VALUE} when there is none before the end of the run. */
    long nextAt();

    /** The next event; only when {@link #nextAt()} is not {@code Long.MAX_VALUE}. */
    SimEvent poll();

    /** Orders timelines with events at the same time: a fixed number per timeline, unique in the run. */
    long rank();
}
