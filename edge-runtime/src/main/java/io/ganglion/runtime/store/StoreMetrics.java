package io.ganglion.runtime.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The store's meters. Micrometer's Prometheus naming turns {@code ganglion.store.evicted} into
 * {@code ganglion_store_evicted_total}, {@code ganglion.store.commit} into {@code ganglion_store_commit_seconds}, and
 * so on. Counters outlive a store (they are process totals); gauges read one open store and are removed when it
 * closes, so that a reopened store's gauges are not bound to the closed one.
 */
final class StoreMetrics {
    final Counter readingsStored;
    final Counter commits;
    final Timer commitTime;
    final Counter evicted;
    final Counter quarantined;
    final Counter writeFailures;
    final Timer checkpointTime;
    final Timer checkpointWait;

    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();

    StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        readingsStored = Counter.builder("ganglion.readings.stored")
                .description("Readings committed to the local store").register(registry);
        commits = Counter.builder("ganglion.store.commits")
                .description("Group commits of the store writer").register(registry);
        commitTime = Timer.builder("ganglion.store.commit")
                .description("Time to write and commit one batch").register(registry);
        evicted = Counter.builder("ganglion.store.evicted")
                .description("Oldest readings deleted to keep the store under its byte quota").register(registry);
        quarantined = Counter.builder("ganglion.store.quarantined")
                .description("Damaged database files moved aside at start").register(registry);
        writeFailures = Counter.builder("ganglion.store.write.failures")
                .description("Writes whose transaction failed; their senders were told").register(registry);
        checkpointTime = Timer.builder("ganglion.store.checkpoint")
                .description("Background copies of the WAL into the database file").register(registry);
        checkpointWait = Timer.builder("ganglion.store.checkpoint.wait")
                .description("Time the writer waited for the checkpointer before a transaction").register(registry);
    }

    void bindGauges(Supplier<Number> queueDepth, int queueCapacity, Supplier<Number> usedBytes, long quotaBytes) {
        gauges.add(Gauge.builder("ganglion.store.queue.depth", queueDepth)
                .description("Writes waiting for the store writer").strongReference(true).register(registry));
        gauges.add(Gauge.builder("ganglion.store.queue.capacity", () -> queueCapacity)
                .description("Writes the store queue holds before refusing").strongReference(true)
                .register(registry));
        gauges.add(Gauge.builder("ganglion.store.used.bytes", usedBytes).baseUnit("bytes")
                .description("Live bytes in the store, as of the latest commit").strongReference(true)
                .register(registry));
        gauges.add(Gauge.builder("ganglion.store.quota.bytes", () -> quotaBytes).baseUnit("bytes")
                .description("Byte quota of the store").strongReference(true).register(registry));
    }

    void unbindGauges() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }
}
