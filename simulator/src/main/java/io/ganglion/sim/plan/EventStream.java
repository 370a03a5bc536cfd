package io.ganglion.sim.plan;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Every event of one run in time order (ties: by device, in scenario order), made as they are taken: a priority queue
 * holds each device's next event time, so memory stays at one entry per device however long the run. Not
 * thread-safe: one thread takes the events and hands them to the transport.
 *
 * <pre>{@code
 * EventStream events = plan.events();
 * for (SimEvent event = events.next(); event != null; event = events.next()) {
 *     waitUntil(event.at());            // the transport maps simulated time to the wall clock
 *     transport.handle(event);          // a Message to send or a ConnectionEvent to carry out
 * }
 * }</pre>
 */
public final class EventStream {
    private static final Comparator<Entry> ORDER = Comparator.<Entry>comparingLong(e -> e.at)
            .thenComparingLong(e -> e.rank);

    private final PriorityQueue<Entry> queue;

    EventStream(Iterable<Timeline> timelines, int size) {
        queue = new PriorityQueue<>(Math.max(1, size), ORDER);
        for (Timeline timeline : timelines) {
            offer(new Entry(timeline));
        }
    }

    /** The next event, or {@code null} when the run has ended (never, for a run until stopped). */
    public SimEvent next() {
        Entry entry = queue.poll();
        if (entry == null) {
            return null;
        }
        SimEvent event = entry.timeline.poll();
        offer(entry);
        return event;
    }

    /** The time of the next event, {@code Long.MAX_VALUE} when there is none. */
    public long peekTime() {
        Entry entry = queue.peek();
        return entry == null ? Long.MAX_VALUE : entry.at;
    }

    private void offer(Entry entry) {
        entry.at = entry.timeline.nextAt();
        if (entry.at != Long.MAX_VALUE) {
            queue.offer(entry);
        }
    }

    /** A timeline and its next time, cached so that the queue's comparisons do not recompute it. */
    private static final class Entry {
        final Timeline timeline;
        final long rank;
        long at;

        Entry(Timeline timeline) {
            this.timeline = timeline;
            this.rank = timeline.rank();
        }
    }
}
