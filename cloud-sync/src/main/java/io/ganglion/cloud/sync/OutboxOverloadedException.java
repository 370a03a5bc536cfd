package io.ganglion.cloud.sync;

/** The outbox's queue of pending operations is full: the caller should slow down (back-pressure), not retry at once. */
public final class OutboxOverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutboxOverloadedException(int maxPending) {
        super("the outbox has " + maxPending + " operations pending (its limit): slow down");
    }
}
