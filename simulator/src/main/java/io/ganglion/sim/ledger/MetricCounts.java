package io.ganglion.sim.ledger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The running counts of one device's metric. Thread-safe: the transport's threads report sends and acks at once. */
final class MetricCounts {
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder duplicatesSent = new LongAdder();
    final LongAdder outOfRangeSent = new LongAdder();
    final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    void sawTimestamp(long timestamp) {
        first.accumulateAndGet(timestamp, Math::min);
        last.accumulateAndGet(timestamp, Math::max);
    }
}
