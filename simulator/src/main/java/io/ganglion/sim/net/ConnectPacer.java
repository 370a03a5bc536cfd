package io.ganglion.sim.net;

import java.util.ArrayDeque;

/**
 * At most {@code limit} connection attempts at once; the rest wait their turn in order. The waiting queue holds at
 * most one entry per device (a device has one attempt at a time), so it is bounded by the fleet. Thread-safe.
 */
final class ConnectPacer {
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    ConnectPacer(int limit) {
        this.limit = limit;
    }

    /** Runs {@code attempt} now or when a slot frees up; the attempt must {@link #release()} exactly once. */
    void acquire(Runnable attempt) {
        synchronized (this) {
            if (running >= limit) {
                waiting.addLast(attempt);
                return;
            }
            running++;
        }
        attempt.run();
    }

    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                running--;
                return;
            }
        }
        next.run();
    }
}
