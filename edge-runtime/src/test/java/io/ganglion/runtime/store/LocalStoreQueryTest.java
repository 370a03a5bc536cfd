package io.ganglion.runtime.store;

import static io.ganglion.runtime.store.StoreTestSupport.CLOCK;
import static io.ganglion.runtime.store.StoreTestSupport.config;
import static io.ganglion.runtime.store.StoreTestSupport.connect;
import static io.ganglion.runtime.store.StoreTestSupport.message;
import static io.ganglion.runtime.store.StoreTestSupport.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.store.StoreTestSupport.WriteLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // a WriteLock is held for its scope, never referenced
class LocalStoreQueryTest {
    @TempDir
    Path dir;

    private StoreConfig cfg;
    private LocalStore store;

    @BeforeEach
    void open() {
        cfg = config(dir, 64L << 20, 1_000, 500, Duration.ofMillis(1), 5);
        store = LocalStore.open(cfg, new SimpleMeterRegistry(), CLOCK);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void queries_by_device_metric_and_time_range() throws Exception {
        write(StoreWrite.readings("th-1", "mqtt", "acme-th1", 5_000, List.of(
                reading("th-1", "temperature", 1_000, 20.5),
                reading("th-1", "humidity", 1_000, 40),
                reading("th-1", "temperature", 2_000, 21.0),
                reading("th-1", "humidity", 2_000, 41),
                new Reading("th-1", "temperature", 3_000, 99.0, "Cel", Quality.BAD),
                reading("th-1", "temperature", 4_000, 22.0))));
        write(StoreWrite.readings("th-2", "coap", "acme-th1", 5_000, List.of(
                reading("th-2", "temperature", 2_500, 30.0))));

        assertThat(store.readings("th-1", "temperature", 1_000, 4_000, 10))
                .extracting(Reading::timestamp, Reading::value, Reading::quality)
                .containsExactly(tuple(3_000L, 99.0, Quality.BAD), tuple(2_000L, 21.0, Quality.GOOD),
                        tuple(1_000L, 20.5, Quality.GOOD)); // newest first; 4000 excluded, th-2 never included
        assertThat(store.readings("th-1", null, 1_500, 10_000, 10))
                .extracting(Reading::metric, Reading::timestamp)
                .containsExactlyInAnyOrder(tuple("temperature", 2_000L), tuple("humidity", 2_000L),
                        tuple("temperature", 3_000L), tuple("temperature", 4_000L))
                .first().isEqualTo(tuple("temperature", 4_000L));
        assertThat(store.readings("th-1", "temperature", 0, 10_000, 2))
                .extracting(Reading::timestamp).containsExactly(4_000L, 3_000L);
        assertThat(store.readings("th-1", "pressure", 0, 10_000, 10)).isEmpty();
        assertThat(store.readings("nobody", null, 0, 10_000, 10)).isEmpty();
        assertThat(store.readings("th-2", null, 0, 10_000, 10))
                .containsExactly(reading("th-2", "temperature", 2_500, 30.0));
        assertThat(store.readingCount()).isEqualTo(7);
        assertThatThrownBy(() -> store.readings("th-1", null, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void merges_the_series_of_a_device_newest_first() throws Exception {
        write(StoreWrite.readings("th-1", "mqtt", "acme-th1", 9_000, List.of(
                reading("th-1", "temperature", 1_000, 20),
                reading("th-1", "humidity", 1_500, 40),
                reading("th-1", "temperature", 2_000, 21),
                new Reading("th-1", "humidity", 2_000, 0.41, "1", Quality.GOOD), // same metric, another unit
                reading("th-1", "pressure", 2_000, 1013),
                reading("th-1", "humidity", 3_000, 42))));
        write(StoreWrite.readings("th-1", "mqtt", "acme-th1", 9_001, List.of(
                reading("th-1", "humidity", 2_000, 43)))); // same ts and series as an earlier one, arrived later

        // Equal timestamps: metric descending, then newest arrival first (as the former single index ordered them).
        assertThat(store.readings("th-1", null, 0, 10_000, 100))
                .extracting(Reading::metric, Reading::timestamp, Reading::value, Reading::unit)
                .containsExactly(tuple("humidity", 3_000L, 42.0, "Cel"), tuple("temperature", 2_000L, 21.0, "Cel"),
                        tuple("pressure", 2_000L, 1013.0, "Cel"), tuple("humidity", 2_000L, 43.0, "Cel"),
                        tuple("humidity", 2_000L, 0.41, "1"), tuple("humidity", 1_500L, 40.0, "Cel"),
                        tuple("temperature", 1_000L, 20.0, "Cel"));
        assertThat(store.readings("th-1", null, 0, 10_000, 3)).extracting(Reading::metric, Reading::timestamp)
                .containsExactly(tuple("humidity", 3_000L), tuple("temperature", 2_000L), tuple("pressure", 2_000L));
        assertThat(store.readings("th-1", "humidity", 0, 3_000, 2)).extracting(Reading::value, Reading::unit)
                .containsExactly(tuple(43.0, "Cel"), tuple(0.41, "1")); // both units of the metric
        assertThat(store.readings("th-1", null, 1_500, 2_000, 10)).extracting(Reading::value).containsExactly(40.0);
    }

    @Test
    void device_time_queries_use_the_indexes_without_sorting() throws Exception {
        Map<String, String> indexBySql = Map.of(
                ReadingsQuery.SERIES_OF_DEVICE, "series_by_device_metric_unit",
                ReadingsQuery.SERIES_OF_METRIC, "series_by_device_metric_unit",
                ReadingsQuery.READINGS_OF_SERIES, "readings_by_series_time");
        for (Map.Entry<String, String> e : indexBySql.entrySet()) {
            assertThat(plan(e.getKey())).as(e.getKey()).anyMatch(step -> step.contains("INDEX " + e.getValue()))
                    .noneMatch(step -> step.contains("TEMP B-TREE"));
        }
    }

    @Test
    void counts_readings_per_metric_with_the_bad_ones_and_their_sum_in_a_time_window() throws Exception {
        write(StoreWrite.readings("th-1", "mqtt", "acme-th1", 9_000, List.of(
                reading("th-1", "temperature", 1_000, 20),
                new Reading("th-1", "temperature", 2_000, 99, "Cel", Quality.BAD),
                reading("th-1", "temperature", 3_000, 21),
                new Reading("th-1", "humidity", 1_000, 0.4, "1", Quality.GOOD), // one metric in two units
                new Reading("th-1", "humidity", 2_000, 140, "%", Quality.BAD),
                new Reading("th-1", "humidity", 2_500, 41, "%", Quality.UNCERTAIN),
                reading("th-1", "pressure", 5_000, 1013))));
        write(StoreWrite.readings("th-2", "mqtt", "acme-th1", 9_000, List.of(
                new Reading("th-2", "temperature", 2_000, 99, "Cel", Quality.BAD))));

        assertThat(store.readingCounts("th-1", 0, Long.MAX_VALUE)).containsExactly(
                new MetricCounts("humidity", 3, 1, 181.4), new MetricCounts("pressure", 1, 0, 1013),
                new MetricCounts("temperature", 3, 1, 140));
        // [from, to): 1000 and 2000 in, 3000 out; pressure has nothing in the window and is left out.
        assertThat(store.readingCounts("th-1", 1_000, 3_000)).containsExactly(
                new MetricCounts("humidity", 3, 1, 181.4), new MetricCounts("temperature", 2, 1, 119));
        assertThat(store.readingCounts("th-1", 2_001, 3_000)).containsExactly(
                new MetricCounts("humidity", 1, 0, 41));
        assertThat(store.readingCounts("th-2", 0, Long.MAX_VALUE)).containsExactly(
                new MetricCounts("temperature", 1, 1, 99));
        assertThat(store.readingCounts("nobody", 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void counts_scan_each_series_by_its_time_index_without_sorting() throws Exception {
        assertThat(plan(StoreQueries.READING_COUNTS))
                .anyMatch(step -> step.contains("SEARCH s USING COVERING INDEX series_by_device_metric_unit"))
                .anyMatch(step -> step.contains("SEARCH r USING INDEX readings_by_series_time (series_id=? AND ts>? "
                        + "AND ts<?)"))
                .noneMatch(step -> step.contains("TEMP B-TREE"))
                .noneMatch(step -> step.startsWith("SCAN"));
    }

    /** The query plan's steps, every parameter bound to 1. */
    private List<String> plan(String sql) throws Exception {
        List<String> plan = new ArrayList<>();
        try (Connection c = connect(cfg.path());
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setObject(i, 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        return plan;
    }

    @Test
    void records_when_each_device_was_first_and_last_seen() throws Exception {
        write(StoreWrite.readings("th-1", "mqtt", "acme-th1", 1_000, List.of()));
        write(StoreWrite.readings("th-1", "coap", "acme-th2", 3_000, List.of(reading("th-1", "t", 1, 1))));
        // A late message received earlier (replayed from a device buffer) moves neither last_seen nor the profile.
        write(StoreWrite.readings("th-1", "mqtt", "acme-th1", 2_000, List.of(reading("th-1", "t", 0, 1))));
        write(message("gate-9", 7_000, 1));

        assertThat(store.device("th-1")).contains(new DeviceRecord("th-1", "coap", "acme-th2", 1_000, 3_000));
        assertThat(store.devices()).extracting(DeviceRecord::id).containsExactly("gate-9", "th-1");
        assertThat(store.device("missing")).isEmpty();
    }

    @Test
    void keeps_the_firmware_and_state_a_device_announces() throws Exception {
        // Announced before any reading: the device gets a row with the profile it uses now.
        write(StoreWrite.status("env-1", "mqtt", "bme280-json", 1_000, "2.3.1", "online"));
        write(StoreWrite.readings("env-1", "mqtt", "bme280-json", 2_000, List.of(reading("env-1", "t", 1, 1))));
        // The last will: state only, firmware stays as announced.
        write(StoreWrite.status("env-1", "mqtt", "bme280-json", 3_000, null, "offline"));
        // A status that arrives late does not bring the old state back.
        write(StoreWrite.status("env-1", "mqtt", "bme280-json", 2_500, null, "online"));

        assertThat(store.device("env-1")).contains(
                new DeviceRecord("env-1", "mqtt", "bme280-json", 1_000, 3_000, "2.3.1", "offline", 3_000));

        // New firmware after an update.
        write(StoreWrite.status("env-1", "mqtt", "bme280-json", 4_000, "3.0.0", "online"));
        assertThat(store.device("env-1")).get().extracting(DeviceRecord::firmware, DeviceRecord::state,
                DeviceRecord::stateChangedAt).containsExactly("3.0.0", "online", 4_000L);
    }

    @Test
    void rejected_table_keeps_only_the_newest() throws Exception {
        for (int i = 0; i < 12; i++) {
            write(StoreWrite.rejected(1_000 + i, "mqtt", i % 2 == 0 ? "th-" + i : null, "devices/x/telemetry",
                    RejectReason.MALFORMED, "unexpected '}' at " + i, ("{bad " + i).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] huge = new byte[10_000];
        huge[0] = 7;
        write(StoreWrite.rejected(2_000, "coap", "cam-1", "10.0.0.7:5683", RejectReason.OVERSIZE, "too big", huge));

        List<RejectedRecord> kept = store.rejected(100);
        assertThat(kept).hasSize(5); // rejectedKeep
        assertThat(kept).extracting(RejectedRecord::receivedAt).containsExactly(2_000L, 1_011L, 1_010L, 1_009L, 1_008L);
        RejectedRecord newest = kept.get(0);
        assertThat(newest.reason()).isEqualTo(RejectReason.OVERSIZE);
        assertThat(newest.truncated()).isTrue();
        assertThat(newest.payload()).hasSize(StoreWrite.Rejected.MAX_PAYLOAD).startsWith(7);
        assertThat(newest.payloadLength()).isEqualTo(10_000);
        RejectedRecord small = kept.get(1);
        assertThat(small.truncated()).isFalse();
        assertThat(new String(small.payload(), StandardCharsets.UTF_8)).isEqualTo("{bad 11");
        assertThat(small.deviceId()).isNull();
        assertThat(kept.get(2).deviceId()).isEqualTo("th-10");
        assertThat(store.rejected(2)).extracting(RejectedRecord::receivedAt).containsExactly(2_000L, 1_011L);
    }

    @Test
    void reads_run_beside_a_stalled_writer() throws Exception {
        write(message("th-1", 0, 3));
        try (WriteLock lock = new WriteLock(cfg.path())) {
            StoreWrite pending = message("th-1", 100, 3);
            assertThat(store.offer(pending)).isTrue();
            long start = System.nanoTime();
            assertThat(store.readings("th-1", null, 0, 1_000, 10)).hasSize(3); // the last commit, not the pending one
            assertThat(store.devices()).hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(pending.done()).isNotDone();
        }
        assertThat(store.stats().queueCapacity()).isEqualTo(1_000);
    }

    @Test
    void a_message_cannot_carry_another_devices_readings() {
        assertThatThrownBy(() -> StoreWrite.readings("th-1", "mqtt", "p", 0, List.of(reading("th-2", "t", 0, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("th-2");
    }

    private void write(StoreWrite w) throws Exception {
        assertThat(store.offer(w)).isTrue();
        w.done().get(5, TimeUnit.SECONDS);
    }
}
