package io.ganglion.runtime.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.cloud.sync.BatchRequest;
import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxSettings;
import io.ganglion.cloud.sync.WindowSettings;
import io.ganglion.cloud.sync.WindowSummaries;
import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoreWrite;
import io.ganglion.runtime.store.WindowRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the feed turns committed data into, in a real outbox file. */
class SyncFeedTest {
    @TempDir
    Path dir;

    private Outbox outbox;
    private SyncFeed feed;
    private final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        outbox = Outbox.open(OutboxSettings.of(dir.resolve("outbox.db")), Clock.systemUTC()).toCompletableFuture()
                .get();
        FlushClock clock = new FlushClock(Clock.systemUTC());
        WindowSummaries summaries = new WindowSummaries(new WindowSettings(Duration.ofSeconds(60),
                Duration.ofSeconds(10), 4, 1000), clock);
        feed = new SyncFeed(summaries, clock, Duration.ofDays(1), outbox, alerts(() -> 0),
                wakes::incrementAndGet);
        feed.start();
    }

    @AfterEach
    void close() {
        feed.close();
        outbox.close();
    }

    private List<Payload> outboxContents() throws Exception {
        return outbox.nextBatch(BatchRequest.of(1000, 1 << 20)).toCompletableFuture().get().stream()
                .map(SyncRecord::payload).toList();
    }

    @Test
    void a_stored_detection_window_becomes_one_count_per_class_and_zone() throws Exception {
        feed.windowStored(new WindowRecord("cam-1", 1_764_000_000_000L, 1_764_000_060_000L, 12, 9, List.of(
                new WindowRecord.Count("car", null, 7, 2), new WindowRecord.Count("car", "lane-1", 4, 1),
                new WindowRecord.Count("person", null, 2, 1))));
        feed.close();

        assertThat(outboxContents()).containsExactly(
                new DetectionCount("cam-1", "car", "", 1_764_000_000_000L, 1_764_000_060_000L, 12, 7, 2),
                new DetectionCount("cam-1", "car", "lane-1", 1_764_000_000_000L, 1_764_000_060_000L, 12, 4, 1),
                new DetectionCount("cam-1", "person", "", 1_764_000_000_000L, 1_764_000_060_000L, 12, 2, 1));
        assertThat(wakes.get()).isPositive();
    }

    @Test
    void a_firmware_announcement_without_a_state_is_sent_as_state_firmware() throws Exception {
        feed.statusStored("env-7", null, "2.1.0", 1_764_000_000_000L);
        feed.statusStored("env-7", "offline", null, 1_764_000_001_000L);
        feed.close();

        assertThat(outboxContents()).containsExactly(
                new StatusChange("env-7", "firmware", "2.1.0", 1_764_000_000_000L),
                new StatusChange("env-7", "offline", "", 1_764_000_001_000L));
    }

    @Test
    void readings_become_summaries_and_a_stop_closes_the_open_window() throws Exception {
        long start = (System.currentTimeMillis() / 60_000) * 60_000;
        feed.committed(List.of(new Reading("s1", "t", start + 1, 1.5, "C", Quality.GOOD),
                new Reading("s1", "t", start + 2, 2.5, "C", Quality.GOOD)));
        feed.close();

        List<Payload> sent = outboxContents();
        assertThat(sent).hasSize(1);
        Summary s = (Summary) sent.get(0);
        assertThat(s.windowStart()).isEqualTo(start);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.sum()).isEqualTo(4.0);
        assertThat(s.unit()).isEqualTo("C");
        assertThat(feed.notKept()).isZero();
    }

    @Test
    void readings_of_quality_bad_are_counted_left_out_of_the_summary_and_raise_one_alert_per_window()
            throws Exception {
        long start = (System.currentTimeMillis() / 60_000) * 60_000;
        feed.committed(List.of(new Reading("s1", "t", start + 1, 21.0, "C", Quality.GOOD),
                new Reading("s1", "t", start + 2, 9999.0, "C", Quality.BAD),
                new Reading("s1", "t", start + 3, 22.0, "C", Quality.UNCERTAIN),
                new Reading("s1", "t", start + 4, 8888.0, "C", Quality.BAD)));
        feed.close();

        List<Payload> sent = outboxContents();
        assertThat(sent).hasSize(2);
        Alert alert = (Alert) sent.get(0); // alerts first
        assertThat(alert.code()).isEqualTo("reading_out_of_range");
        assertThat(alert.severity()).isEqualTo("warning");
        assertThat(alert.device()).isEqualTo("s1");
        assertThat(alert.message()).startsWith("t = 9999.0 C is outside the valid range");
        assertThat(alert.time()).isEqualTo(start + 2);
        Summary s = (Summary) sent.get(1);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.max()).isEqualTo(22.0);
        assertThat(feed.badSkipped()).isEqualTo(2);
    }

    @Test
    void a_store_that_evicts_raises_a_critical_alert_at_most_once_a_minute() {
        final long t0 = 1_764_000_000_000L;
        AtomicLong evicted = new AtomicLong();
        GatewayAlerts alerts = alerts(evicted::get);
        assertThat(alerts.storeEvicting(t0 + 1_000)).as("nothing evicted").isEmpty();
        evicted.set(500);
        Alert first = alerts.storeEvicting(t0 + 2_000).orElseThrow();
        assertThat(first.code()).isEqualTo("store_evicting");
        assertThat(first.severity()).isEqualTo("critical");
        assertThat(first.device()).isEqualTo("gw-test");
        assertThat(first.message()).contains("evicted the 500 oldest raw readings");
        evicted.set(900);
        assertThat(alerts.storeEvicting(t0 + 30_000)).as("within the minute").isEmpty();
        assertThat(alerts.storeEvicting(t0 + 62_000).orElseThrow().message()).contains("the 400 oldest");
        assertThat(alerts.storeEvicting(t0 + 200_000)).as("nothing new evicted").isEmpty();
    }

    private static GatewayAlerts alerts(java.util.function.LongSupplier evicted) {
        return new GatewayAlerts("gw-test", Duration.ofSeconds(60), evicted);
    }

    @Test
    void work_after_the_stop_is_counted_not_thrown() {
        feed.close();
        feed.statusStored("env-7", "online", null, 1_764_000_000_000L);

        assertThat(feed.notKept()).isEqualTo(1);
    }

    private LocalStore openStore() {
        return LocalStore.open(new StoreConfig(dir.resolve("store.db"), 64L << 20, 1000, 500, Duration.ofMillis(1),
                StoreConfig.SyncMode.NORMAL, 100), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** Commits one message of {@code n} readings of device s1 in the current minute; returns them. */
    private static List<Reading> commit(LocalStore store, long start, int offset, int n) throws Exception {
        List<Reading> readings = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            readings.add(new Reading("s1", "t", start + offset + i, offset + i, "C", Quality.GOOD));
        }
        StoreWrite.Readings write = StoreWrite.readings("s1", "mqtt", "json-telemetry", start, readings);
        assertThat(store.offer(write)).isTrue();
        write.done().get();
        return readings;
    }

    private SyncFeed feedOn(LocalStore store) throws Exception {
        FlushClock clock = new FlushClock(Clock.systemUTC());
        SyncFeed f = new SyncFeed(new WindowSummaries(new WindowSettings(Duration.ofSeconds(60),
                Duration.ofSeconds(10), 4, 1000), clock), clock, Duration.ofDays(1), outbox,
                alerts(() -> store.stats().evictedTotal()), () -> { });
        f.resume(SyncFeed.ReadingLog.of(store), outbox.loadFeed().toCompletableFuture().get());
        return f;
    }

    @Test
    void readings_the_feed_was_not_told_about_are_read_from_the_store_each_once() throws Exception {
        feed.close(); // the fixture's feed has no store
        long start = (System.currentTimeMillis() / 60_000) * 60_000;
        try (LocalStore store = openStore()) {
            SyncFeed tailing = feedOn(store);
            tailing.start();
            commit(store, start, 0, 5); // ids 1-5: never told (as if its queue had been full)
            commit(store, start, 5, 5); // ids 6-10: never told
            List<Reading> third = commit(store, start, 10, 5);
            tailing.committed(third, 11);
            tailing.committed(third.subList(0, 2), 11); // told twice: nothing counted twice
            tailing.close();

            List<Payload> sent = outboxContents();
            assertThat(sent).hasSize(1);
            Summary s = (Summary) sent.get(0);
            assertThat(s.count()).isEqualTo(15);
            assertThat(s.sum()).isEqualTo(105.0); // 0 + 1 + ... + 14
            assertThat(tailing.replayed()).isEqualTo(10);
            assertThat(tailing.missed()).isZero();
        }
    }

    @Test
    void a_new_outbox_on_an_old_store_starts_from_the_newest_reading() throws Exception {
        feed.close();
        long start = (System.currentTimeMillis() / 60_000) * 60_000;
        try (LocalStore store = openStore()) {
            commit(store, start, 0, 5); // before the sync was enabled
            SyncFeed tailing = feedOn(store);
            tailing.start();
            List<Reading> later = commit(store, start, 5, 3);
            tailing.committed(later, 6);
            tailing.close();

            Summary s = (Summary) outboxContents().get(0);
            assertThat(s.count()).isEqualTo(3);
            assertThat(outbox.loadFeed().toCompletableFuture().get().position()).isEqualTo(8);
        }
    }
}
