package io.ganglion.runtime.store;

import static io.ganglion.runtime.store.StoreTestSupport.CLOCK;
import static io.ganglion.runtime.store.StoreTestSupport.config;
import static io.ganglion.runtime.store.StoreTestSupport.queryLong;
import static io.ganglion.runtime.store.StoreTestSupport.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreQuotaTest {
    private static final long MIB = 1L << 20;
    private static final String[] DEVICES = {"th-1", "th-2", "th-3", "th-4"};

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void evicts_oldest_readings_beyond_the_quota() throws Exception {
        StoreConfig cfg = config(dir, MIB, 1_000, 1_000, Duration.ofMillis(1), 100);
        int written = 40_000;
        LocalStore store = LocalStore.open(cfg, registry, CLOCK);
        writeSequence(store, 0, written);
        store.close(); // eviction runs after each commit's acknowledgement: let the last one finish

        long evicted = (long) registry.get("ganglion.store.evicted").counter().count();
        assertThat(evicted).isPositive();
        assertThat(store.stats().evictedTotal()).isEqualTo(evicted);
        // The counter matches the rows deleted...
        assertThat(queryLong(cfg.path(), "SELECT count(*) FROM readings")).isEqualTo(written - evicted);
        // ...and they were exactly the oldest: timestamps are a global sequence 0, 1, 2, ... in arrival order.
        assertThat(queryLong(cfg.path(), "SELECT min(ts) FROM readings")).isEqualTo(evicted);
        assertThat(queryLong(cfg.path(), "SELECT max(ts) FROM readings")).isEqualTo(written - 1);
        // Live bytes end under the quota; the file stops growing because freed pages are reused.
        assertThat(store.stats().usedBytes()).isLessThanOrEqualTo(MIB).isPositive();
        assertThat(queryLong(cfg.path(), "PRAGMA page_count") * queryLong(cfg.path(), "PRAGMA page_size"))
                .isLessThan(2 * MIB);

        try (LocalStore reopened = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            String newestDevice = DEVICES[(written / 100 - 1) % DEVICES.length];
            assertThat(reopened.readings(newestDevice, null, 0, Long.MAX_VALUE, 1))
                    .extracting(Reading::timestamp).containsExactly((long) written - 1);
        }
    }

    @Test
    void enforces_a_lowered_quota_at_open() throws Exception {
        int written = 40_000;
        try (LocalStore store = LocalStore.open(config(dir, 64 * MIB, 1_000, 5_000, Duration.ofMillis(1), 100),
                new SimpleMeterRegistry(), CLOCK)) {
            writeSequence(store, 0, written);
            assertThat(store.stats().usedBytes()).isGreaterThan(MIB);
            assertThat(store.stats().evictedTotal()).isZero();
        }
        StoreConfig small = config(dir, MIB, 1_000, 5_000, Duration.ofMillis(1), 100);
        LocalStore store = LocalStore.open(small, registry, CLOCK);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.stats().evictedTotal() > 0);
        store.close();
        long evicted = (long) registry.get("ganglion.store.evicted").counter().count();
        assertThat(evicted).isEqualTo(store.stats().evictedTotal());
        assertThat(store.stats().usedBytes()).isLessThanOrEqualTo(MIB);
        assertThat(queryLong(small.path(), "SELECT count(*) FROM readings")).isEqualTo(written - evicted);
        assertThat(queryLong(small.path(), "SELECT max(ts) FROM readings")).isEqualTo(written - 1);
    }

    @Test
    void eviction_keeps_the_newest_reading_so_that_ids_never_start_again() throws Exception {
        int written = 2_000;
        StoreConfig cfg = config(dir, MIB, 1_000, 5_000, Duration.ofMillis(1), 1_000);
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            writeSequence(store, 0, written);
            // Kept rejected messages alone exceed the quota: evicting readings cannot get under it.
            for (int i = 0; i < 1_000; i++) {
                StoreWrite.Rejected r = StoreWrite.rejected(1_000, "mqtt", "th-1", "devices/th-1/telemetry",
                        io.ganglion.profiles.RejectReason.values()[0], "too big", new byte[30_000]);
                assertThat(store.offer(r)).isTrue();
                r.done().get(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> store.stats().evictedTotal() >= written - 1);
            assertThat(store.lastReadingId()).as("the newest reading's id").isEqualTo(written);
        }
        assertThat(queryLong(cfg.path(), "SELECT count(*) FROM readings")).isEqualTo(1);
        assertThat(queryLong(cfg.path(), "SELECT max(id) FROM readings")).isEqualTo(written);
    }

    /**
     * Writes readings with timestamps {@code from .. from+count-1}, in that order (so arrival order is timestamp
     * order), as messages of 100 readings taking turns over four devices.
     */
    private static void writeSequence(LocalStore store, long from, int count) throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        int perMessage = 100;
        for (long first = from, n = 0; first < from + count; first += perMessage, n++) {
            String device = DEVICES[(int) (n % DEVICES.length)];
            List<Reading> rs = new ArrayList<>();
            for (int i = 0; i < perMessage; i++) {
                rs.add(reading(device, "temperature", first + i, (first + i) / 10.0));
            }
            StoreWrite w = StoreWrite.readings(device, "mqtt", "acme-th1", first, rs);
            while (!store.offer(w)) {
                assertThat(store.awaitCapacity(5, TimeUnit.SECONDS)).isTrue();
            }
            done.add(w.done());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
}
