package io.ganglion.drivers.coap;

import io.ganglion.drivers.InboundMessage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one message of a device waiting for the store to have room again. A reading is a state (the latest air quality),
 * so when the store is overloaded a newer one replaces the older: the slot never holds more than one message, and
 * what it displaces is counted as dropped.
 */
final class LatestPayloadSlot {
    private final AtomicReference<InboundMessage> pending = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Keeps {@code message}, replacing (and counting as dropped) any older one. */
    void offer(InboundMessage message) {
        if (pending.getAndSet(message) != null) {
            dropped.incrementAndGet();
        }
    }

    /** Puts back a message that was refused again, unless a newer one arrived meanwhile (then it is dropped). */
    void offerBack(InboundMessage message) {
        if (!pending.compareAndSet(null, message)) {
            dropped.incrementAndGet();
        }
    }

    /** Takes the waiting message, null when none. */
    InboundMessage take() {
        return pending.getAndSet(null);
    }

    boolean isEmpty() {
        return pending.get() == null;
    }

    long dropped() {
        return dropped.get();
    }
}
