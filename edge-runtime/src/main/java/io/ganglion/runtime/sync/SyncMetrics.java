package io.ganglion.runtime.sync;

import io.ganglion.cloud.wire.RecordKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ganglion.runtime.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ganglion_sync_*} meters. They read the sync's status when {@code /metrics} is scraped (on the API's
 * worker pool, never an event loop): one status query at the start of each scrape, shared by every meter of it.
 */
public final class SyncMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(SyncMetrics.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

    private final SyncService sync;
    private volatile SyncSnapshot last;

    private SyncMetrics(SyncService sync) {
        this.sync = sync;
    }

    public static void bind(SyncService sync, GatewayMetrics metrics) {
        MeterRegistry registry = metrics.registry();
        SyncMetrics m = new SyncMetrics(sync);
        metrics.beforeScrape(m::refresh);
        Gauge.builder("ganglion.sync.backlog", m, read(s -> s.status().backlogRecords()))
                .description("Sync records not yet acknowledged by the cloud (stored or in flight)").register(registry);
        Gauge.builder("ganglion.sync.backlog.bytes", m, read(s -> s.status().backlogBytes()))
                .description("Stored bytes of the sync backlog").register(registry);
        Gauge.builder("ganglion.sync.oldest.unsent.seconds", m, read(s -> s.status().oldestUnsentAgeMs() / 1000.0))
                .description("How long the oldest unacknowledged sync record has waited").register(registry);
        FunctionCounter.builder("ganglion.sync.acknowledged", m, read(s -> s.status().ackedRecords()))
                .description("Sync records the cloud acknowledged since start").register(registry);
        FunctionCounter.builder("ganglion.sync.failures", m, read(s -> s.status().failuresTotal()))
                .description("Uplink requests that failed and are retried, since start").register(registry);
        FunctionCounter.builder("ganglion.sync.refused", m, read(s -> s.status().refusedTotal()))
                .description("Sync records the cloud refused (parked), ever").register(registry);
        FunctionCounter.builder("ganglion.sync.late.readings", m, read(s -> s.windows().lateReadings()))
                .description("Readings that arrived after their window closed (sent as late corrections)")
                .register(registry);
        FunctionCounter.builder("ganglion.sync.not.kept", m, read(s -> s.notKept()))
                .description("Sync work dropped because the sync queue or the outbox was full").register(registry);
        FunctionCounter.builder("ganglion.sync.replayed.readings", m, read(s -> s.replayedReadings()))
                .description("Readings summarised from the store after a restart or a full sync queue")
                .register(registry);
        FunctionCounter.builder("ganglion.sync.missed.readings", m, read(s -> s.missedReadings()))
                .description("Readings the store evicted before the sync summarised them").register(registry);
        for (RecordKind kind : RecordKind.values()) {
            FunctionCounter.builder("ganglion.sync.sacrificed", m,
                            read(s -> s.status().sacrificed().getOrDefault(kind, 0L)))
                    .tag("kind", kind.wireName())
                    .description("Sync records dropped to keep the outbox's byte quota, by kind").register(registry);
        }
    }

    private static ToDoubleFunction<SyncMetrics> read(ToDoubleFunction<SyncSnapshot> field) {
        return m -> {
            SyncSnapshot s = m.last;
            return s == null ? Double.NaN : field.applyAsDouble(s);
        };
    }

    /** A status the outbox cannot give in time leaves the previous one (or NaN before the first). */
    private void refresh() {
        try {
            last = sync.snapshot(QUERY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("sync status not available for /metrics", e);
        }
    }
}
