package io.ganglion.cloud.endpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The endpoint's {@code ganglion_cloud_*} meters, scraped at {@code GET /metrics} (Prometheus text format): what an
 * operator of a fleet watches — batches stored, refused by status, failed; records stored and duplicates (retries
 * after a lost answer); how long a batch's transaction takes; plus the JVM's. Each replica has its own; sum them.
 */
final class EndpointMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter batchesStored;
    private final Counter batchesFailed;
    private final Counter recordsStored;
    private final Counter recordsDuplicate;
    private final DistributionSummary batchRecords;
    private final Timer storeTime;
    private final Map<Integer, Counter> refusedByStatus = new ConcurrentHashMap<>();

    EndpointMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        batchesStored = Counter.builder("ganglion.cloud.batches.stored")
                .description("Batches committed and acknowledged").register(registry);
        batchesFailed = Counter.builder("ganglion.cloud.batches.failed")
                .description("Batches the store could not take (answered 503; the gateway retries)").register(registry);
        recordsStored = Counter.builder("ganglion.cloud.records.stored")
                .description("Records stored (new (gateway, seq))").register(registry);
        recordsDuplicate = Counter.builder("ganglion.cloud.records.duplicate")
                .description("Records received again and acknowledged without storing (retries)").register(registry);
        batchRecords = DistributionSummary.builder("ganglion.cloud.batch.records")
                .description("Records per stored batch").register(registry);
        storeTime = Timer.builder("ganglion.cloud.batch.store")
                .description("From decoded batch to committed transaction")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
    }

    void stored(CloudStore.StoreResult result, long nanos) {
        batchesStored.increment();
        recordsStored.increment(result.stored());
        recordsDuplicate.increment(result.duplicates());
        batchRecords.record(result.stored() + result.duplicates());
        storeTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void failed() {
        batchesFailed.increment();
    }

    void refused(int status) {
        refusedByStatus.computeIfAbsent(status, s -> Counter.builder("ganglion.cloud.batches.refused")
                .tag("status", Integer.toString(s))
                .description("Requests refused with a 4xx, by status (nothing stored)").register(registry))
                .increment();
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
