package io.ganglion.cloud.endpoint;

import static io.ganglion.cloud.endpoint.Batches.MINUTE;
import static io.ganglion.cloud.endpoint.Batches.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.cloud.endpoint.CloudStore.StoreResult;
import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL batch statement ({@link PostgresBatchWrite}): each of its variants (one per set of record kinds in
 * a batch), duplicates among fresh records, every column as sent, and the month partitions a batch needs.
 */
class PostgresStoreTest {
    private static final List<RecordKind> KINDS = List.of(RecordKind.SUMMARY, RecordKind.DETECTIONS,
            RecordKind.STATUS, RecordKind.ALERT);
    private static final long NOW = T0 + 10 * MINUTE;

    private final String schema = TestPostgres.freshSchemaName("postgres_store");
    private Vertx vertx;
    private PostgresStore store;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = new PostgresStore(vertx, TestPostgres.config(schema));
        store.start().await(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            store.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            TestPostgres.drop(schema);
        }
    }

    @Test
    void every_mix_of_kinds_is_stored_once_with_exact_counts() throws Exception {
        long seq = 0;
        long stored = 0;
        for (int kinds = 1; kinds < 1 << KINDS.size(); kinds++) {
            List<SyncRecord> records = new ArrayList<>();
            for (int k = 0; k < KINDS.size(); k++) {
                if ((kinds & 1 << k) != 0) {
                    records.add(record(KINDS.get(k), ++seq));
                    records.add(record(KINDS.get(k), ++seq));
                }
            }
            Batch batch = new Batch("gw-1", records);

            assertThat(store(batch)).as("kinds %s", kinds).isEqualTo(new StoreResult(seq, records.size(), 0));
            assertThat(store(batch)).as("kinds %s again", kinds).isEqualTo(new StoreResult(seq, 0, records.size()));
            stored += records.size();
        }

        // 15 sets, each kind in 8 of them, two records each time.
        assertThat(count("received")).isEqualTo(stored);
        for (String table : List.of("summaries", "detection_counts", "status_changes", "alerts")) {
            assertThat(count(table)).as(table).isEqualTo(16);
        }
        CloudStore.GatewayStatus gateway = store.gateways().await(20, TimeUnit.SECONDS).get(0);
        assertThat(gateway.records()).isEqualTo(stored);
        assertThat(gateway.batches()).isEqualTo(30);
        assertThat(gateway.highestSeq()).isEqualTo(seq);
    }

    @Test
    void a_mixed_batch_out_of_order_stores_only_its_new_records() throws Exception {
        List<SyncRecord> first = new ArrayList<>();
        for (long seq = 1; seq <= 8; seq++) {
            first.add(record(KINDS.get((int) (seq % 4)), seq));
        }
        store(new Batch("gw-1", first));
        // Seqs 5 to 12, every kind among the old and the new ones, highest first.
        List<SyncRecord> second = new ArrayList<>(first.subList(4, 8));
        for (long seq = 9; seq <= 12; seq++) {
            second.add(record(KINDS.get((int) (seq % 4)), seq));
        }
        Collections.reverse(second);

        assertThat(store(new Batch("gw-1", second))).isEqualTo(new StoreResult(12, 4, 4));
        assertThat(store(new Batch("gw-2", second))).isEqualTo(new StoreResult(12, 8, 0));

        for (String table : List.of("summaries", "detection_counts", "status_changes", "alerts")) {
            assertThat(count(table + " WHERE gateway = 'gw-1'")).as(table).isEqualTo(3);
            assertThat(count(table + " WHERE gateway = 'gw-2'")).as(table).isEqualTo(2);
        }
        assertThat(store.gateways().await(20, TimeUnit.SECONDS).stream().map(CloudStore.GatewayStatus::records))
                .containsExactly(12L, 8L);
    }

    @Test
    void every_column_reads_back_as_sent() throws Exception {
        List<SyncRecord> records = new ArrayList<>();
        for (long seq = 1; seq <= 4; seq++) {
            records.add(record(KINDS.get((int) seq - 1), seq));
        }
        store(new Batch("gw-1", records));

        for (SyncRecord record : records) {
            JsonArray rows = store.query(record.payload().kind(), new CloudStore.RecordQuery(null, null, null, null,
                    null, 10)).await(20, TimeUnit.SECONDS);
            assertThat(rows).hasSize(1);
            assertThat(rows.getJsonObject(0)).isEqualTo(expected(record));
        }
    }

    @Test
    void a_batch_across_a_month_boundary_creates_the_partitions_of_both_windowed_tables() throws Exception {
        long november = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        store(new Batch("gw-1", List.of(
                new SyncRecord(1, summaryAt(november - MINUTE)),
                new SyncRecord(2, new DetectionCount("cam-1", "car", "north", november + MINUTE,
                        november + 2 * MINUTE, 10, 25, 4)),
                new SyncRecord(3, summaryAt(november)),
                new SyncRecord(4, summaryAt(november + MINUTE)))));

        // The store's connections have its schema on their search path: names come unqualified.
        Pool pool = store.pool();
        List<String> partitions = pool.query("SELECT tableoid::regclass::text FROM summaries ORDER BY seq").execute()
                .await(20, TimeUnit.SECONDS).stream().map(row -> row.getString(0)).toList();
        assertThat(partitions).containsExactly("summaries_202610", "summaries_202611", "summaries_202611");
        assertThat(pool.query("SELECT tableoid::regclass::text FROM detection_counts").execute()
                .await(20, TimeUnit.SECONDS).iterator().next().getString(0))
                .isEqualTo("detection_counts_202611");
    }

    @Test
    void batches_of_a_new_month_at_once_both_land_in_its_partition() throws Exception {
        long december = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        io.vertx.core.Future<StoreResult> first = store.store(new Batch("gw-1", List.of(
                new SyncRecord(1, summaryAt(december)))), NOW);
        io.vertx.core.Future<StoreResult> second = store.store(new Batch("gw-1", List.of(
                new SyncRecord(2, summaryAt(december + MINUTE)))), NOW);

        assertThat(first.await(20, TimeUnit.SECONDS).stored()).isEqualTo(1);
        assertThat(second.await(20, TimeUnit.SECONDS).stored()).isEqualTo(1);
        assertThat(store.pool().query("SELECT tableoid::regclass::text FROM summaries").execute()
                .await(20, TimeUnit.SECONDS).stream().map(row -> row.getString(0)).toList())
                .containsExactly("summaries_202612", "summaries_202612");
    }

    @Test
    void a_month_whose_rows_are_already_in_default_stays_there() throws Exception {
        long march = Instant.parse("2027-03-01T00:00:00Z").toEpochMilli();
        // Too far ahead of November: no partition, the DEFAULT one.
        store(new Batch("gw-1", List.of(new SyncRecord(1, summaryAt(march)))));

        // From February on, March may have its partition, but DEFAULT holds a March row: PostgreSQL refuses.
        StoreResult later = store.store(new Batch("gw-1", List.of(new SyncRecord(2, summaryAt(march + MINUTE)))),
                Instant.parse("2027-02-01T00:00:00Z").toEpochMilli()).await(20, TimeUnit.SECONDS);

        assertThat(later.stored()).isEqualTo(1);
        assertThat(store.pool().query("SELECT tableoid::regclass::text FROM summaries").execute()
                .await(20, TimeUnit.SECONDS).stream().map(row -> row.getString(0)).toList())
                .containsExactly("summaries_default", "summaries_default");
    }

    private StoreResult store(Batch batch) throws Exception {
        return store.store(batch, NOW).await(20, TimeUnit.SECONDS);
    }

    private long count(String tableAndWhere) throws Exception {
        return store.pool().query("SELECT count(*) FROM " + tableAndWhere).execute().await(20, TimeUnit.SECONDS)
                .iterator().next().getLong(0);
    }

    private static Summary summaryAt(long start) {
        return new Summary("dev-1", "temperature", "Cel", start, start + MINUTE, 4, 20.0, 23.0, 86.0, 20.0,
                start + 1_000, 23.0, start + 50_000);
    }

    /** A record of {@code kind} whose every field differs from the others and depends on {@code seq}. */
    private static SyncRecord record(RecordKind kind, long seq) {
        long start = T0 + seq * MINUTE;
        Payload payload = switch (kind) {
            case SUMMARY -> new Summary("dev-" + seq, "temperature", "Cel", start, start + MINUTE, seq + 3,
                    20.25, 23.5, 86.0 + seq, 20.5, start + 1_000, 22.75, start + 50_000);
            case DETECTIONS -> new DetectionCount("cam-" + seq, "car", "north", start, start + MINUTE, seq + 10,
                    seq + 25, seq + 4);
            case STATUS -> new StatusChange("dev-" + seq, "offline", "1.2." + seq, start);
            case ALERT -> new Alert("dev-" + seq, "critical", "temperature_high", "above " + seq, start);
        };
        return new SyncRecord(seq, payload);
    }

    /** The row of {@code record} as the query API shows it, built from the record's own fields. */
    private static JsonObject expected(SyncRecord record) {
        JsonObject json = new JsonObject().put("gateway", "gw-1").put("seq", record.seq())
                .put("device", record.payload().device());
        if (record.payload() instanceof Summary s) {
            json.put("metric", s.metric()).put("unit", s.unit()).put("windowStart", s.windowStart())
                    .put("windowEnd", s.windowEnd()).put("count", s.count()).put("min", s.min())
                    .put("max", s.max()).put("sum", s.sum()).put("first", s.first()).put("firstTime", s.firstTime())
                    .put("last", s.last()).put("lastTime", s.lastTime()).put("mean", s.mean());
        } else if (record.payload() instanceof DetectionCount d) {
            json.put("class", d.className()).put("zone", d.zone()).put("windowStart", d.windowStart())
                    .put("windowEnd", d.windowEnd()).put("frames", d.frames()).put("detections", d.detections())
                    .put("peak", d.peak());
        } else if (record.payload() instanceof StatusChange c) {
            json.put("state", c.state()).put("firmware", c.firmware()).put("time", c.time());
        } else if (record.payload() instanceof Alert a) {
            json.put("severity", a.severity()).put("code", a.code()).put("message", a.message())
                    .put("time", a.time());
        }
        return json;
    }
}
