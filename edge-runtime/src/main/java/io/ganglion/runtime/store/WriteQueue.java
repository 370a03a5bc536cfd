package io.ganglion.runtime.store;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between producers and the one writer thread, counted in writes.
 *
 * <p>Not an {@code ArrayBlockingQueue} because producers on driver threads need "wait until there is room" without
 * inserting anything yet ({@link #awaitCapacity}), and the writer needs to be woken when the queue is closed. The lock
 * is held only for a few field updates, so {@link #offer} is fine on an event loop.
 */
final class WriteQueue {
    private final int capacity;
    private final ArrayDeque<StoreWrite> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean closed;

    WriteQueue(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    int capacity() {
        return capacity;
    }

    /** Never blocks beyond the short lock: false when full or closed. */
    boolean offer(StoreWrite write) {
        lock.lock();
        try {
            if (closed || items.size() >= capacity) {
                return false;
            }
            items.addLast(write);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least one write would be accepted; false on timeout or when closed. */
    boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!closed && items.size() >= capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the next write; null once the queue is closed and empty. */
    StoreWrite take() {
        lock.lock();
        try {
            while (items.isEmpty() && !closed) {
                notEmpty.awaitUninterruptibly();
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next write if one arrives before {@code deadlineNanos} ({@link System#nanoTime()} based); null otherwise.
     * Once closed it no longer waits, so a closing store commits what it has at once.
     */
    StoreWrite pollUntil(long deadlineNanos) {
        lock.lock();
        try {
            while (items.isEmpty() && !closed) {
                long nanos = deadlineNanos - System.nanoTime();
                if (nanos <= 0) {
                    return null;
                }
                try {
                    notEmpty.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    // The writer is never interrupted on purpose; keep the flag and stop waiting.
                    Thread.currentThread().interrupt();
                    return removeFirst();
                }
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves queued writes to {@code into}, without waiting, while {@code weight} (plus theirs) is below
     * {@code maxWeight}: one lock round for what would otherwise be one {@link #pollUntil} per write.
     *
     * @return the weight reached
     */
    int drainTo(List<StoreWrite> into, int weight, int maxWeight) {
        lock.lock();
        try {
            int before = into.size();
            while (weight < maxWeight && !items.isEmpty()) {
                StoreWrite w = items.pollFirst();
                into.add(w);
                weight += w.batchWeight();
            }
            if (into.size() > before) {
                notFull.signalAll();
            }
            return weight;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further offers and wakes everybody waiting; writes already queued stay for the writer to drain. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    private StoreWrite removeFirst() {
        StoreWrite w = items.pollFirst();
        if (w != null) {
            // signalAll: awaitCapacity does not take the slot, so every waiter may proceed.
            notFull.signalAll();
        }
        return w;
    }
}
