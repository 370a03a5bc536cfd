package io.ganglion.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ganglion.profiles.RejectReason;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.IngestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RejectionCountsTest {
    private final DeviceRegistry registry = new DeviceRegistry(
            List.of(new DeviceConfig("th-1", "json-telemetry"), new DeviceConfig("th-2", "json-telemetry")),
            new IngestConfig(null, null, null, null, false, null));

    @Test
    void counts_each_device_by_reason() {
        RejectionCounts counts = new RejectionCounts(registry, 10);
        counts.count("th-1", RejectReason.MALFORMED);
        counts.count("th-1", RejectReason.MALFORMED);
        counts.count("th-1", RejectReason.WRONG_TYPE);
        counts.count("stranger", RejectReason.UNKNOWN_DEVICE);

        RejectionCounts.Rejections th1 = counts.of("th-1").orElseThrow();
        assertThat(th1.total()).isEqualTo(3);
        assertThat(th1.byReason()).containsExactly(entry(RejectReason.MALFORMED, 2L),
                entry(RejectReason.WRONG_TYPE, 1L));
        assertThat(counts.of("stranger").orElseThrow().byReason())
                .containsExactly(entry(RejectReason.UNKNOWN_DEVICE, 1L));
        assertThat(counts.of("th-2")).as("nothing rejected, no entry").isEmpty();
        assertThat(counts.otherDevices()).isEqualTo(RejectionCounts.Rejections.NONE);
    }

    @Test
    void ids_the_registry_does_not_know_share_an_other_devices_bucket_beyond_the_bound() {
        RejectionCounts counts = new RejectionCounts(registry, 2);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        counts.bind(meters);
        counts.count("stranger-1", RejectReason.UNKNOWN_DEVICE);
        counts.count("stranger-2", RejectReason.UNKNOWN_DEVICE);
        counts.count("stranger-3", RejectReason.UNKNOWN_DEVICE); // the third unknown id: no entry of its own
        counts.count("stranger-4", RejectReason.OVERSIZE);
        counts.count("stranger-1", RejectReason.OVERSIZE); // an id with an entry keeps it
        // Known devices always get their own entry, however many strangers came first.
        counts.count("th-1", RejectReason.MALFORMED);
        counts.count("th-2", RejectReason.EMPTY);

        assertThat(counts.of("stranger-1").orElseThrow().total()).isEqualTo(2);
        assertThat(counts.of("stranger-2").orElseThrow().total()).isEqualTo(1);
        assertThat(counts.of("stranger-3")).isEmpty();
        assertThat(counts.of("stranger-4")).isEmpty();
        assertThat(counts.otherDevices().total()).isEqualTo(2);
        assertThat(counts.otherDevices().byReason()).containsExactly(entry(RejectReason.OVERSIZE, 1L),
                entry(RejectReason.UNKNOWN_DEVICE, 1L));
        assertThat(counts.of("th-1").orElseThrow().total()).isEqualTo(1);
        assertThat(counts.of("th-2").orElseThrow().total()).isEqualTo(1);
        assertThat(meters.get("ganglion.ingest.rejected.other.devices").functionCounter().count()).isEqualTo(2.0);
    }

    @Test
    void loses_no_count_and_keeps_the_bound_under_concurrent_rejections() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        int bound = 500;
        RejectionCounts counts = new RejectionCounts(registry, bound);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // Every thread walks the same 1,000 unknown ids (twice the bound) and th-1.
                        counts.count(i % 2 == 0 ? "th-1" : "s-" + (i % 2000), RejectReason.MALFORMED);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long perId = 0;
        int ids = 0;
        for (int i = 1; i < 2000; i += 2) {
            var one = counts.of("s-" + i);
            if (one.isPresent()) {
                ids++;
                perId += one.get().total();
            }
        }
        assertThat(ids).isEqualTo(bound);
        assertThat(counts.of("th-1").orElseThrow().total()).isEqualTo((long) threads * perThread / 2);
        assertThat(perId + counts.otherDevices().total()).isEqualTo((long) threads * perThread / 2);
    }
}
