package io.ganglion.runtime.store;

import static io.ganglion.runtime.store.StoreTestSupport.CLOCK;
import static io.ganglion.runtime.store.StoreTestSupport.config;
import static io.ganglion.runtime.store.StoreTestSupport.connect;
import static io.ganglion.runtime.store.StoreTestSupport.message;
import static io.ganglion.runtime.store.StoreTestSupport.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.store.StoreTestSupport.WriteLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // a WriteLock is held for its scope, never referenced
class LocalStoreWriteTest {
    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void acknowledges_a_write_only_after_commit() throws Exception {
        StoreConfig cfg = config(dir);
        Path file = cfg.path();
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            StoreWrite.Readings w = message("th-1", 1_000, 3);
            // Runs on the writer thread the moment the future completes: another connection must already see the rows.
            CompletableFuture<Long> rowsVisibleAtAck =
                    w.done().thenApply(v -> queryLong(file, "SELECT count(*) FROM readings"));
            CompletableFuture<String> ackThread = w.done().thenApply(v -> Thread.currentThread().getName());

            try (WriteLock lock = new WriteLock(file)) {
                assertThat(store.offer(w)).isTrue();
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> !w.done().isDone());
                assertThat(store.readingCount()).isZero();
            }

            assertThat(rowsVisibleAtAck.get(5, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(ackThread.get()).isEqualTo("ganglion-store-writer");
            assertThat(store.readingCount()).isEqualTo(3);
            assertThat(registry.get("ganglion.readings.stored").counter().count()).isEqualTo(3.0);
            assertThat(registry.get("ganglion.store.commits").counter().count()).isGreaterThanOrEqualTo(1.0);
            assertThat(registry.get("ganglion.store.commit").timer().count()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void group_commits_many_messages_into_few_transactions() throws Exception {
        StoreConfig cfg = config(dir, 64L << 20, 1_000, 100, Duration.ofSeconds(1), 100);
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                StoreWrite.Readings w = message("th-" + (i % 5), i * 10L, 10);
                assertThat(store.offer(w)).isTrue();
                done.add(w.done());
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(store.readingCount()).isEqualTo(1_000);
            // With a long batchMaxDelay a batch closes exactly when it holds batchMaxReadings (100) readings.
            assertThat(registry.get("ganglion.store.commits").counter().count()).isEqualTo(10.0);
        }
    }

    @Test
    void full_queue_refuses_offers_and_recovers() throws Exception {
        StoreConfig cfg = config(dir, 64L << 20, 4, 1, Duration.ZERO, 100);
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            List<StoreWrite> accepted = new ArrayList<>();
            try (WriteLock lock = new WriteLock(cfg.path())) {
                StoreWrite first = message("th-1", 0, 1);
                assertThat(store.offer(first)).isTrue();
                accepted.add(first);
                // The writer has taken it and is stuck waiting for the lock; now the queue itself fills.
                await().atMost(Duration.ofSeconds(2)).until(() -> store.stats().queueDepth() == 0);
                for (int i = 1; i <= 4; i++) {
                    StoreWrite w = message("th-1", i, 1);
                    assertThat(store.offer(w)).as("offer %d", i).isTrue();
                    accepted.add(w);
                }
                StoreWrite refused = message("th-1", 99, 1);
                assertThat(store.offer(refused)).isFalse();
                assertThat(store.stats().queueDepth()).isEqualTo(4);
                assertThat(store.stats().queueCapacity()).isEqualTo(4);
                assertThat(store.awaitCapacity(50, TimeUnit.MILLISECONDS)).isFalse();
                assertThat(accepted).noneMatch(w -> w.done().isDone());
                assertThat(refused.done()).isNotDone(); // refused writes are left to the caller
                assertThat(registry.get("ganglion.store.queue.depth").gauge().value()).isEqualTo(4.0);
            }
            assertThat(store.awaitCapacity(5, TimeUnit.SECONDS)).isTrue();
            for (StoreWrite w : accepted) {
                w.done().get(5, TimeUnit.SECONDS);
            }
            StoreWrite later = message("th-1", 5, 1);
            assertThat(store.offer(later)).isTrue();
            later.done().get(5, TimeUnit.SECONDS);
            assertThat(store.readingCount()).isEqualTo(6);
        }
    }

    @Test
    void fails_a_batch_whose_transaction_fails_and_keeps_writing() throws Exception {
        StoreConfig cfg = config(dir);
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            try (Connection c = connect(cfg.path()); Statement s = c.createStatement()) {
                // Stands in for a disk error: every insert into readings now aborts its transaction.
                s.execute("CREATE TRIGGER fail_inserts BEFORE INSERT ON readings "
                        + "BEGIN SELECT RAISE(ABORT, 'simulated I/O failure'); END");
                StoreWrite doomed = message("th-1", 0, 2);
                assertThat(store.offer(doomed)).isTrue();
                assertThatThrownBy(() -> doomed.done().get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(StoreException.class)
                        .hasStackTraceContaining("simulated I/O failure");
                s.execute("DROP TRIGGER fail_inserts");
            }
            StoreWrite next = message("th-1", 10, 2);
            assertThat(store.offer(next)).isTrue();
            next.done().get(5, TimeUnit.SECONDS);
            assertThat(store.readingCount()).isEqualTo(2);
            assertThat(store.device("th-1")).isPresent(); // the failed batch's device upsert was rolled back too...
            assertThat(store.device("th-1").orElseThrow().firstSeen()).isEqualTo(10); // ...so first seen is 10
            assertThat(registry.get("ganglion.store.write.failures").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("ganglion.readings.stored").counter().count()).isEqualTo(2.0);
        }
    }

    @Test
    void close_drains_the_queue() throws Exception {
        StoreConfig cfg = config(dir, 64L << 20, 100, 4, Duration.ZERO, 100);
        LocalStore store = LocalStore.open(cfg, registry, CLOCK);
        List<StoreWrite> queued = new ArrayList<>();
        CompletableFuture<Void> closing;
        try (WriteLock lock = new WriteLock(cfg.path())) {
            for (int i = 0; i < 20; i++) {
                StoreWrite w = message("th-" + (i % 3), i * 2L, 2);
                assertThat(store.offer(w)).isTrue();
                queued.add(w);
            }
            closing = CompletableFuture.runAsync(store::close);
            await().atMost(Duration.ofSeconds(2)).until(() -> !store.isOpen());
            assertThat(store.offer(message("th-1", 100, 1))).isFalse();
            assertThat(store.awaitCapacity(1, TimeUnit.SECONDS)).isFalse();
            assertThat(closing).isNotDone();
        }
        closing.get(10, TimeUnit.SECONDS);
        assertThat(queued).allMatch(w -> w.done().isDone() && !w.done().isCompletedExceptionally());
        store.close(); // idempotent

        Path wal = cfg.path().resolveSibling(cfg.path().getFileName() + "-wal");
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL checkpointed").isTrue();
        try (LocalStore reopened = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            assertThat(reopened.readingCount()).isEqualTo(40);
            assertThat(reopened.devices()).hasSize(3);
        }
    }

    @Test
    void commits_leave_the_wal_to_the_background_checkpointer() throws Exception {
        StoreConfig cfg = config(dir, 64L << 20, 1_000, 500, Duration.ofMillis(1), 100);
        Path file = cfg.path();
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        // A checkpoint interval longer than the test: only commits could copy the WAL into the file now.
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK, Duration.ofHours(1))) {
            writeMessages(store, 400, 100);
            assertThat(Files.size(wal)).as("WAL bytes").isGreaterThan(1_000L * 4096); // past SQLite's autocheckpoint
            assertThat(Files.size(file)).as("database file bytes").isLessThan(64 * 1024);
        }
        // close() still checkpoints everything (TRUNCATE), and the last connection to close removes the WAL.
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL checkpointed").isTrue();
        assertThat(Files.size(file)).isGreaterThan(1L << 20);
    }

    @Test
    void checkpoints_the_wal_in_the_background() throws Exception {
        StoreConfig cfg = config(dir);
        Path file = cfg.path();
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK, Duration.ofMillis(100))) {
            writeMessages(store, 100, 100);
            // 10,000 readings take about 450 KB; without a checkpoint the file keeps the few KB of its schema.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(file) > 256 * 1024);
            assertThat(registry.get("ganglion.store.checkpoint").timer().count()).isPositive();
            assertThat(store.readingCount()).isEqualTo(10_000);
        }
    }

    @Test
    void the_wal_starts_over_under_steady_load() throws Exception {
        StoreConfig cfg = config(dir, 64L << 20, 1_000, 50, Duration.ZERO, 100);
        Path wal = cfg.path().resolveSibling(cfg.path().getFileName() + "-wal");
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK, Duration.ofMillis(20))) {
            // 4,000 back-to-back commits, each rewriting a few pages: appended to a WAL that never starts over, they
            // take about 100 MB.
            writeMessages(store, 4_000, 50);
            assertThat(Files.size(wal)).as("WAL bytes").isLessThan(2 * DatabaseFile.JOURNAL_SIZE_LIMIT);
            assertThat(store.readingCount()).isEqualTo(200_000);
        }
    }

    @Test
    void exposes_its_meters_under_prometheus_names() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StoreConfig cfg = config(dir);
        try (LocalStore store = LocalStore.open(cfg, prometheus, CLOCK)) {
            StoreWrite w = message("th-1", 0, 5);
            assertThat(store.offer(w)).isTrue();
            w.done().get(5, TimeUnit.SECONDS);
            String text = prometheus.scrape();
            assertThat(text).contains("ganglion_readings_stored_total 5.0", "ganglion_store_commits_total",
                    "ganglion_store_commit_seconds_count", "ganglion_store_queue_depth",
                    "ganglion_store_queue_capacity 1000.0", "ganglion_store_used_bytes",
                    "ganglion_store_quota_bytes 6.7108864E7", "ganglion_store_evicted_total 0.0",
                    "ganglion_store_quarantined_total 0.0", "ganglion_store_write_failures_total 0.0");
        }
        // A closed store's gauges are gone, so a reopened one can bind its own.
        assertThat(prometheus.scrape()).doesNotContain("ganglion_store_queue_depth")
                .contains("ganglion_readings_stored_total 5.0");
    }

    private static void writeMessages(LocalStore store, int messages, int readingsEach) throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            StoreWrite w = message("th-" + (i % 5), (long) i * readingsEach, readingsEach);
            while (!store.offer(w)) {
                assertThat(store.awaitCapacity(5, TimeUnit.SECONDS)).isTrue();
            }
            done.add(w.done());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_commit_listener_learns_the_ids_of_its_readings_and_the_store_gives_them_back_in_order() throws Exception {
        try (LocalStore store = LocalStore.open(config(dir), registry, CLOCK)) {
            List<long[]> told = new java.util.concurrent.CopyOnWriteArrayList<>(); // {first id, count}
            store.addCommitListener(new CommitListener() {
                @Override
                public void committed(List<io.ganglion.profiles.Reading> readings) {
                    throw new AssertionError("the store tells the ids");
                }

                @Override
                public void committed(List<io.ganglion.profiles.Reading> readings, long firstReadingId) {
                    told.add(new long[] {firstReadingId, readings.size()});
                }
            });
            for (int m = 0; m < 3; m++) {
                StoreWrite.Readings w = message("th-" + m, 1_000 + 10L * m, 4);
                assertThat(store.offer(w)).isTrue();
                w.done().get(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> told.stream().mapToLong(t -> t[1]).sum() == 12);

            long next = 1;
            for (long[] commit : told) {
                assertThat(commit[0]).as("ids follow on from commit to commit").isEqualTo(next);
                next += commit[1];
            }
            assertThat(store.lastReadingId()).isEqualTo(12);
            List<StoredReading> after = store.readingsAfter(5, 10, 100);
            assertThat(after).extracting(StoredReading::id).containsExactly(6L, 7L, 8L, 9L, 10L);
            assertThat(after.get(0).reading().deviceId()).isEqualTo("th-1");
            assertThat(after.get(0).reading().timestamp()).isEqualTo(1_011);
            assertThat(store.readingsAfter(10, 12, 1)).extracting(StoredReading::id).containsExactly(11L);
        }
    }
}
