package io.ganglion.drivers.coap;

import io.ganglion.drivers.InboundMessage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one message of a device waiting for the store to have room again. A reading is a state (the latest air quality),
 * so when the store is overloaded the newest one is kept: the slot never holds more than one message, and the one that
 * loses is counted as dropped. "Newest" is by the order the device's answers arrived in (a sequence number), not by
 * the order of offers: a notification and the retry of an older refused reading may offer concurrently.
 */
final class LatestPayloadSlot {
    /** A reading and its place in the order of arrival. */
    record Numbered(long sequence, InboundMessage message) {
    }

    private final AtomicReference<Numbered> pending = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Keeps {@code reading} unless a newer one waits; whichever is older is counted as dropped. */
    void offer(Numbered reading) {
        while (true) {
            Numbered current = pending.get();
            if (current != null && current.sequence() > reading.sequence()) {
                dropped.incrementAndGet();
                return;
            }
            if (pending.compareAndSet(current, reading)) {
                if (current != null) {
                    dropped.incrementAndGet();
                }
                return;
            }
        }
    }

    /** Takes the waiting reading, null when none. */
    Numbered take() {
        return pending.getAndSet(null);
    }

    boolean isEmpty() {
        return pending.get() == null;
    }

    long dropped() {
        return dropped.get();
    }
}
