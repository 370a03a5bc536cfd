package io.ganglion.runtime.store;

import static io.ganglion.runtime.store.StoreTestSupport.CLOCK;
import static io.ganglion.runtime.store.StoreTestSupport.config;
import static io.ganglion.runtime.store.StoreTestSupport.connect;
import static io.ganglion.runtime.store.StoreTestSupport.queryLong;
import static io.ganglion.runtime.store.StoreTestSupport.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.config.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The series table and the writer's cache of it. */
class LocalStoreSeriesTest {
    @TempDir
    Path dir;

    @Test
    void a_new_metric_or_unit_of_a_known_device_creates_a_new_series() throws Exception {
        StoreConfig cfg = config(dir);
        try (LocalStore store = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            write(store, "th-1", reading("th-1", "temperature", 1, 20));
            write(store, "th-1", reading("th-1", "temperature", 2, 21)); // known: no new series
            write(store, "th-1", new Reading("th-1", "temperature", 3, 294.15, "K", Quality.GOOD));
            write(store, "th-1", new Reading("th-1", "humidity", 4, 40, "%", Quality.GOOD));
            write(store, "th-2", reading("th-2", "temperature", 5, 22));

            assertThat(series(cfg.path())).extracting(s -> tuple(s.deviceId(), s.metric(), s.unit()))
                    .containsExactly(tuple("th-1", "temperature", "Cel"), tuple("th-1", "temperature", "K"),
                            tuple("th-1", "humidity", "%"), tuple("th-2", "temperature", "Cel"));
            assertThat(store.readings("th-1", "temperature", 0, 10, 10)).extracting(Reading::unit)
                    .containsExactly("K", "Cel", "Cel");
            assertThat(store.readings("th-2", null, 0, 10, 10)).extracting(Reading::value).containsExactly(22.0);
        }
    }

    @Test
    void reopening_keeps_series_ids() throws Exception {
        StoreConfig cfg = config(dir);
        try (LocalStore store = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            write(store, "th-1", reading("th-1", "temperature", 1, 20), reading("th-1", "humidity", 1, 40));
            write(store, "th-2", reading("th-2", "temperature", 1, 30));
        }
        List<SeriesCache.Key> before = series(cfg.path());
        List<Long> idsBefore = seriesIds(cfg.path());

        try (LocalStore store = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            write(store, "th-2", reading("th-2", "temperature", 2, 31));
            write(store, "th-1", reading("th-1", "pressure", 2, 1013));
            assertThat(store.readings("th-2", "temperature", 0, 10, 10)).extracting(Reading::value)
                    .containsExactly(31.0, 30.0);
        }
        assertThat(series(cfg.path())).hasSize(4).startsWith(before.toArray(SeriesCache.Key[]::new))
                .last().isEqualTo(new SeriesCache.Key("th-1", "pressure", "Cel"));
        assertThat(seriesIds(cfg.path())).startsWith(idsBefore.toArray(Long[]::new));
        // The reading written after reopening went to the old series, not to a new one.
        assertThat(queryLong(cfg.path(), "SELECT count(DISTINCT series_id) FROM readings r JOIN series s "
                + "ON s.id = r.series_id WHERE s.device_id = 'th-2'")).isEqualTo(1);
    }

    @Test
    void a_rolled_back_batch_forgets_the_series_it_created() throws Exception {
        StoreConfig cfg = config(dir);
        try (LocalStore store = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            write(store, "th-1", reading("th-1", "temperature", 1, 20));
            try (Connection c = connect(cfg.path()); Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER fail_inserts BEFORE INSERT ON readings "
                        + "BEGIN SELECT RAISE(ABORT, 'simulated I/O failure'); END");
                StoreWrite doomed = StoreWrite.readings("th-1", "mqtt", "p", 2,
                        List.of(reading("th-1", "co2", 2, 400)));
                assertThat(store.offer(doomed)).isTrue();
                assertThatThrownBy(() -> doomed.done().get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
                s.execute("DROP TRIGGER fail_inserts");
            }
            // The rolled-back series id is free again in SQLite and goes to the next new series...
            write(store, "th-1", reading("th-1", "pressure", 3, 1013));
            // ...so the writer must not still map co2 to it.
            write(store, "th-1", reading("th-1", "co2", 4, 410));

            assertThat(store.readings("th-1", "co2", 0, 10, 10)).extracting(Reading::value).containsExactly(410.0);
            assertThat(store.readings("th-1", "pressure", 0, 10, 10)).extracting(Reading::value)
                    .containsExactly(1013.0);
            assertThat(queryLong(cfg.path(), "SELECT count(*) FROM readings r "
                    + "WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.id = r.series_id)")).isZero();
        }
    }

    @Test
    void evicting_the_last_reading_of_a_series_deletes_the_series() throws Exception {
        StoreConfig cfg = config(dir, 1L << 20, 1_000, 1_000, Duration.ofMillis(1), 100);
        try (LocalStore store = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK)) {
            write(store, "old-1", reading("old-1", "once", 0, 1));
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int m = 0; m < 400; m++) { // 40,000 readings: well over a 1 MiB quota
                List<Reading> rs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    rs.add(reading("th-1", "temperature", m * 100L + i, i));
                }
                StoreWrite w = StoreWrite.readings("th-1", "mqtt", "p", m, rs);
                while (!store.offer(w)) {
                    assertThat(store.awaitCapacity(5, TimeUnit.SECONDS)).isTrue();
                }
                done.add(w.done());
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(store.stats().evictedTotal()).isPositive();
            assertThat(store.readings("old-1", null, 0, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(series(cfg.path())).containsExactly(new SeriesCache.Key("th-1", "temperature", "Cel"));

            // The writer forgot the deleted series too: writing it again creates it again.
            write(store, "old-1", reading("old-1", "once", 1, 2));
            assertThat(store.readings("old-1", "once", 0, 10, 10)).extracting(Reading::value).containsExactly(2.0);
            assertThat(series(cfg.path())).hasSize(2);
        }
    }

    @Test
    void the_cache_is_bounded_and_falls_back_to_the_table() throws Exception {
        Path file = dir.resolve("cache.db");
        Files.createDirectories(dir);
        try (Connection c = connect(file)) {
            Schema.migrate(c, file);
            List<Long> first = new ArrayList<>();
            try (SeriesCache cache = new SeriesCache(c, 2)) {
                for (int i = 0; i < 5; i++) {
                    first.add(cache.idFor("th-1", "m" + i, ""));
                }
                assertThat(cache.size()).isEqualTo(2);
                for (int i = 0; i < 5; i++) { // dropped entries are found again, not created twice
                    assertThat(cache.idFor("th-1", "m" + i, "")).isEqualTo(first.get(i));
                }
                assertThat(cache.size()).isEqualTo(2);
            }
            try (SeriesCache reloaded = new SeriesCache(c, 3)) {
                assertThat(reloaded.size()).isEqualTo(3);
                assertThat(reloaded.idFor("th-1", "m4", "")).isEqualTo(first.get(4));
            }
            assertThat(queryLong(file, "SELECT count(*) FROM series")).isEqualTo(5);
        }
    }

    private static void write(LocalStore store, String device, Reading... readings) throws Exception {
        StoreWrite w = StoreWrite.readings(device, "mqtt", "acme-th1", 0, List.of(readings));
        assertThat(store.offer(w)).isTrue();
        w.done().get(5, TimeUnit.SECONDS);
    }

    /** The series table, by id. */
    private static List<SeriesCache.Key> series(Path file) throws SQLException {
        List<SeriesCache.Key> out = new ArrayList<>();
        try (Connection c = connect(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT device_id, metric, unit FROM series ORDER BY id")) {
            while (rs.next()) {
                out.add(new SeriesCache.Key(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    private static List<Long> seriesIds(Path file) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = connect(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM series ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
