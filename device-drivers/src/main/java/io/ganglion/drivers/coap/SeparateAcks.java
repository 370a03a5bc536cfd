package io.ganglion.drivers.coap;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * Sends an empty ACK for confirmable requests whose answer takes long (a slow store), so that the device stops
 * retransmitting and takes the answer later as a separate response. Requests answered in time get the answer
 * piggybacked on the ACK: one datagram instead of three, which is what keeps the server fast.
 *
 * <p>Entries are queued in arrival order and dropped when answered or acknowledged, so the queue holds at most the
 * requests of the last {@link #ackAfterNanos} plus the unanswered ones, which the sink's bounded queue limits. Called
 * from a single sweeper thread; the ACK itself is sent by Californium on the exchange's own thread.
 */
final class SeparateAcks {
    /** A request awaiting its answer. */
    static final class Waiting {
        private final CoapExchange exchange;
        private final long arrivedNanos;
        private final AtomicBoolean answered = new AtomicBoolean();

        private Waiting(CoapExchange exchange, long arrivedNanos) {
            this.exchange = exchange;
            this.arrivedNanos = arrivedNanos;
        }

        /** True only for the first call: the caller may answer. */
        boolean answer() {
            return answered.compareAndSet(false, true);
        }
    }

    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final long ackAfterNanos;

    SeparateAcks(long ackAfterNanos) {
        this.ackAfterNanos = ackAfterNanos;
    }

    Waiting arrived(CoapExchange exchange, boolean confirmable) {
        Waiting w = new Waiting(exchange, System.nanoTime());
        if (confirmable) {
            waiting.add(w);
        }
        return w;
    }

    /** Acknowledges the requests that waited too long; forgets the answered ones. */
    void sweep() {
        long now = System.nanoTime();
        for (Waiting head = waiting.peek(); head != null; head = waiting.peek()) {
            boolean due = now - head.arrivedNanos >= ackAfterNanos;
            if (!head.answered.get() && !due) {
                return;
            }
            waiting.poll();
            if (!head.answered.get()) {
                // Californium sends the ACK only if the request was neither acknowledged nor answered yet.
                head.exchange.accept();
            }
        }
    }

    int size() {
        return waiting.size();
    }
}
