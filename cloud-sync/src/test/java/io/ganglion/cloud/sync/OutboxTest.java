package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.SyncRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static io.ganglion.cloud.sync.Records.alert;
import static io.ganglion.cloud.sync.Records.detections;
import static io.ganglion.cloud.sync.Records.status;
import static io.ganglion.cloud.sync.Records.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {
    @TempDir
    Path dir;
    private final List<Outbox> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (Outbox o : opened) {
            try {
                o.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    private Outbox open(OutboxSettings settings) {
        Outbox o = join(Outbox.open(settings, Clock.systemUTC()));
        opened.add(o);
        return o;
    }

    private Outbox open() {
        return open(OutboxSettings.of(dir.resolve("outbox.db")));
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static List<Long> seqs(List<SyncRecord> records) {
        return records.stream().map(SyncRecord::seq).toList();
    }

    @Test
    void sequence_numbers_survive_restart_and_are_never_reused_even_after_purge() {
        Outbox outbox = open();
        assertThat(join(outbox.append(summary(1), summary(2), summary(3)))).containsExactly(1L, 2L, 3L);
        join(outbox.acknowledge(seqs(join(outbox.nextBatch(BatchRequest.of(10, 1 << 20))))));
        assertThat(join(outbox.stats()).backlogRecords()).isZero();
        outbox.close();

        Outbox reopened = open();
        assertThat(reopened.nextSeq()).isEqualTo(4);
        assertThat(join(reopened.append(summary(4)))).containsExactly(4L);
        assertThat(join(reopened.stats()).lastAckedSeq()).isEqualTo(3);
    }

    @Test
    void records_go_stored_then_sent_then_acknowledged_and_are_purged() {
        Outbox outbox = open();
        join(outbox.append(summary(1), summary(2)));
        OutboxStats stored = join(outbox.stats());
        assertThat(stored.storedRecords()).isEqualTo(2);
        assertThat(stored.backlogBytes()).isPositive();

        List<SyncRecord> batch = join(outbox.nextBatch(BatchRequest.of(10, 1 << 20)));
        assertThat(batch).extracting(SyncRecord::payload).containsExactly(summary(1), summary(2));
        OutboxStats sent = join(outbox.stats());
        assertThat(sent.storedRecords()).isZero();
        assertThat(sent.sentRecords()).isEqualTo(2);
        assertThat(join(outbox.nextBatch(BatchRequest.of(10, 1 << 20)))).as("sent records are not taken twice").isEmpty();

        join(outbox.acknowledge(seqs(batch)));
        OutboxStats acked = join(outbox.stats());
        assertThat(acked.backlogRecords()).isZero();
        assertThat(acked.totalBytes()).isZero();
        assertThat(acked.lastAckedSeq()).isEqualTo(2);
        assertThat(acked.oldestUnsentMillis()).isEqualTo(-1);
    }

    @Test
    void a_failed_request_puts_its_records_back_and_a_restart_resends_what_was_in_flight() {
        Outbox outbox = open();
        join(outbox.append(summary(1), summary(2), summary(3)));
        List<SyncRecord> first = join(outbox.nextBatch(BatchRequest.of(1, 1 << 20)));
        join(outbox.release(seqs(first)));
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(2, 1 << 20))))).containsExactly(1L, 2L);
        outbox.close(); // "crash" with 1 and 2 in flight

        Outbox reopened = open();
        assertThat(join(reopened.stats()).storedRecords()).isEqualTo(3);
        assertThat(seqs(join(reopened.nextBatch(BatchRequest.of(10, 1 << 20))))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_batch_takes_alerts_first_then_the_oldest_within_count_and_byte_limits() {
        Outbox outbox = open();
        join(outbox.append(summary(1), status(2), summary(3), alert(4), detections(5), alert(6)));
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(3, 1 << 20))))).containsExactly(4L, 6L, 1L);
        long oneSummary = join(outbox.stats()).backlogBytes() / 6; // about
        List<SyncRecord> small = join(outbox.nextBatch(BatchRequest.of(100, oneSummary + 10)));
        assertThat(seqs(small)).containsExactly(2L);
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(100, 1))))).as("one record always fits")
                .containsExactly(3L);
    }

    @Test
    void while_draining_live_records_go_before_the_backlog_which_is_limited() {
        Outbox outbox = open();
        join(outbox.append(summary(1), summary(2), summary(3), summary(4)));
        long liveFrom = outbox.nextSeq();
        join(outbox.append(summary(5), alert(6), summary(7)));
        assertThat(seqs(join(outbox.nextBatch(new BatchRequest(10, 1 << 20, liveFrom, 2)))))
                .containsExactly(6L, 5L, 7L, 1L, 2L);
        assertThat(seqs(join(outbox.nextBatch(new BatchRequest(10, 1 << 20, liveFrom, 0))))).isEmpty();
        assertThat(join(outbox.hasStoredBelow(liveFrom))).isTrue();
        assertThat(seqs(join(outbox.nextBatch(new BatchRequest(10, 1 << 20, liveFrom, 5))))).containsExactly(3L, 4L);
        assertThat(join(outbox.hasStoredBelow(liveFrom))).isFalse();
    }

    @Test
    void over_the_quota_summaries_go_first_oldest_first_alerts_last_and_each_is_counted() {
        Outbox probe = open(OutboxSettings.of(dir.resolve("probe.db")));
        join(probe.append(summary(0)));
        long summaryBytes = join(probe.stats()).totalBytes();
        probe.close();

        long quota = Math.max(OutboxSettings.MIN_QUOTA_BYTES, summaryBytes * 30);
        Outbox outbox = open(new OutboxSettings(dir.resolve("quota.db"), quota, 64));
        List<Payload> payloads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            payloads.add(summary(i));
        }
        for (int i = 0; i < 5; i++) {
            payloads.add(detections(i));
            payloads.add(alert(i));
        }
        join(outbox.append(payloads.toArray(Payload[]::new))); // under the quota
        assertThat(join(outbox.stats()).sacrificed()).containsEntry(RecordKind.SUMMARY, 0L);

        List<Payload> more = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            more.add(status(i));
        }
        join(outbox.append(more.toArray(Payload[]::new)));
        OutboxStats stats = join(outbox.stats());
        assertThat(stats.totalBytes()).isLessThanOrEqualTo(quota);
        assertThat(stats.sacrificed().get(RecordKind.SUMMARY)).isEqualTo(20L);
        assertThat(stats.sacrificed().get(RecordKind.DETECTIONS)).isEqualTo(5L);
        assertThat(stats.sacrificed().get(RecordKind.ALERT)).isZero();
        List<SyncRecord> left = join(outbox.nextBatch(BatchRequest.of(1000, 1 << 24)));
        assertThat(left).extracting(r -> r.payload().kind()).startsWith(RecordKind.ALERT, RecordKind.ALERT,
                RecordKind.ALERT, RecordKind.ALERT, RecordKind.ALERT).doesNotContain(RecordKind.SUMMARY);
        // the oldest status changes went before the newest
        long statusLeft = left.stream().filter(r -> r.payload().kind() == RecordKind.STATUS).count();
        long statusSacrificed = stats.sacrificed().get(RecordKind.STATUS);
        assertThat(statusLeft + statusSacrificed).isEqualTo(80);
        assertThat(statusSacrificed).isPositive();
        assertThat(left.get(left.size() - 1).seq()).isEqualTo(110);
        assertThat(left.stream().filter(r -> r.payload().kind() == RecordKind.STATUS).findFirst().orElseThrow().seq())
                .as("the oldest status changes went first").isEqualTo(31 + statusSacrificed);

        outbox.close();
        assertThat(join(open(new OutboxSettings(dir.resolve("quota.db"), quota, 64)).stats()).sacrificed())
                .as("counters survive a restart").isEqualTo(stats.sacrificed());
    }

    @Test
    void alerts_are_sacrificed_only_when_nothing_else_is_left() {
        Outbox outbox = open(new OutboxSettings(dir.resolve("alerts.db"), OutboxSettings.MIN_QUOTA_BYTES, 64));
        join(outbox.append(summary(1)));
        for (int i = 0; i < 100; i++) {
            join(outbox.append(alert(i)));
        }
        OutboxStats stats = join(outbox.stats());
        assertThat(stats.sacrificed().get(RecordKind.SUMMARY)).isEqualTo(1);
        assertThat(stats.sacrificed().get(RecordKind.ALERT)).isPositive();
        assertThat(stats.totalBytes()).isLessThanOrEqualTo(OutboxSettings.MIN_QUOTA_BYTES);
        List<SyncRecord> left = join(outbox.nextBatch(BatchRequest.of(1000, 1 << 24)));
        assertThat(left.get(left.size() - 1).seq()).as("the newest alert is kept").isEqualTo(101);
    }

    @Test
    void refused_records_are_parked_counted_and_not_sent_again() {
        Outbox outbox = open();
        join(outbox.append(summary(1), summary(2)));
        List<SyncRecord> batch = join(outbox.nextBatch(BatchRequest.of(1, 1 << 20)));
        join(outbox.refuse(seqs(batch), "refused: 400 bad record"));
        OutboxStats stats = join(outbox.stats());
        assertThat(stats.refusedRecords()).isEqualTo(1);
        assertThat(stats.refusedTotal()).isEqualTo(1);
        assertThat(stats.storedRecords()).isEqualTo(1);
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(10, 1 << 20))))).containsExactly(2L);

        assertThat(join(outbox.requeueRefused())).isEqualTo(1);
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(10, 1 << 20))))).containsExactly(1L);
        assertThat(join(outbox.stats()).refusedTotal()).as("a history, not a gauge").isEqualTo(1);
    }

    @Test
    void a_full_queue_of_pending_operations_fails_fast_instead_of_growing() {
        Outbox outbox = open(new OutboxSettings(dir.resolve("small.db"), OutboxSettings.DEFAULT_QUOTA_BYTES, 2));
        List<CompletableFuture<List<Long>>> appends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            appends.add(outbox.append(summary(i)).toCompletableFuture());
        }
        long overloaded = appends.stream().filter(f -> {
            try {
                f.join();
                return false;
            } catch (CompletionException e) {
                return e.getCause() instanceof OutboxOverloadedException;
            }
        }).count();
        assertThat(overloaded).isPositive();
        outbox.close();
        assertThatThrownBy(() -> join(outbox.append(summary(1)))).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_feed_checkpoint_is_saved_with_its_records_and_read_back_after_a_restart() {
        Outbox outbox = open();
        assertThat(join(outbox.loadFeed()).position()).as("a new outbox").isEqualTo(FeedCheckpoint.NO_POSITION);

        join(outbox.append(List.of(summary(1), summary(2)), new FeedCheckpoint(41,
                java.util.Map.of("a", new byte[] {1, 2}, "b", new byte[] {3}), List.of())));
        join(outbox.append(List.of(), new FeedCheckpoint(57, java.util.Map.of("a", new byte[] {9}), List.of("b"))));
        outbox.close();

        Outbox reopened = open();
        FeedCheckpoint.Saved saved = join(reopened.loadFeed());
        assertThat(saved.position()).isEqualTo(57);
        assertThat(saved.states()).containsOnlyKeys("a");
        assertThat(saved.states().get("a")).containsExactly(9);
        assertThat(join(reopened.stats()).backlogRecords()).as("the records of the first checkpoint").isEqualTo(2);
    }

    @Test
    void a_checkpoint_whose_records_fail_is_not_saved_either() {
        Outbox outbox = open();
        join(outbox.append(List.of(summary(1)), new FeedCheckpoint(10, java.util.Map.of(), List.of())));
        outbox.close();
        // A closed outbox refuses the next append: neither its records nor its checkpoint are there afterwards.
        assertThat(outbox.append(List.of(summary(2)), new FeedCheckpoint(20, java.util.Map.of(), List.of()))
                .toCompletableFuture()).isCompletedExceptionally();

        Outbox reopened = open();
        assertThat(join(reopened.loadFeed()).position()).isEqualTo(10);
        assertThat(join(reopened.stats()).backlogRecords()).isEqualTo(1);
    }

    @Test
    void a_batch_of_scattered_sequence_numbers_is_marked_released_and_acknowledged_exactly() {
        Outbox outbox = open();
        join(outbox.append(summary(1), alert(2), summary(3), alert(4), summary(5), summary(6)));
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(3, 1 << 20))))).containsExactly(2L, 4L, 1L);
        OutboxStats sent = join(outbox.stats());
        assertThat(sent.sentRecords()).isEqualTo(3);
        assertThat(sent.storedRecords()).isEqualTo(3);

        join(outbox.release(List.of(4L, 2L)));
        assertThat(join(outbox.stats()).sentRecords()).as("seq 1 still in flight").isEqualTo(1);
        long before = join(outbox.stats()).totalBytes();
        join(outbox.acknowledge(List.of(1L, 1L)));
        OutboxStats acked = join(outbox.stats());
        assertThat(before - acked.totalBytes()).as("the bytes of seq 1 alone")
                .isEqualTo(BatchCodec.encodeRecord(new SyncRecord(1, summary(1))).length);
        assertThat(acked.backlogRecords()).isEqualTo(5);
        assertThat(acked.lastAckedSeq()).isEqualTo(1);
        assertThat(seqs(join(outbox.nextBatch(BatchRequest.of(10, 1 << 20))))).containsExactly(2L, 4L, 3L, 5L, 6L);
        join(outbox.refuse(List.of(3L, 5L), "refused: 400"));
        OutboxStats refused = join(outbox.stats());
        assertThat(refused.refusedRecords()).isEqualTo(2);
        assertThat(refused.sentRecords()).isEqualTo(3);
    }

    @Test
    void runs_of_consecutive_sequence_numbers() {
        assertThat(OutboxRecords.runs(List.of(7L, 3L, 4L, 5L, 9L, 8L, 4L, 12L)))
                .containsExactly(new long[] {3, 5}, new long[] {7, 9}, new long[] {12, 12});
        assertThat(OutboxRecords.runs(List.of())).isEmpty();
    }

    @Test
    void an_outbox_file_with_cbor_bodies_of_an_older_gateway_is_read_after_the_upgrade() throws Exception {
        Path file = dir.resolve("old.db");
        List<Payload> old = List.of(summary(1), alert(2), detections(3), status(4));
        long oldBytes = 0;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = db.createStatement()) {
            // The schema and rows as the gateway wrote them before the JSON fragments.
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("CREATE TABLE records (seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
                    + " state INTEGER NOT NULL, bytes INTEGER NOT NULL, created INTEGER NOT NULL,"
                    + " attempted INTEGER, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT, body BLOB NOT NULL)");
            s.execute("CREATE INDEX records_by_state ON records (state, seq)");
            s.execute("CREATE INDEX records_by_kind ON records (kind, seq)");
            s.execute("CREATE TABLE feed_state (key TEXT PRIMARY KEY, state BLOB NOT NULL)");
            s.execute("INSERT INTO counters VALUES ('next_seq', 5), ('last_acked', 0), ('feed_position', 33)");
            s.execute("INSERT INTO feed_state VALUES ('series-a', x'0102')");
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO records (seq, kind, state, bytes, created, body) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < old.size(); i++) {
                    byte[] body = BatchCodec.encode(new Batch("outbox", List.of(new SyncRecord(i + 1, old.get(i)))),
                            BatchCodec.Format.CBOR, false);
                    insert.setLong(1, i + 1);
                    insert.setInt(2, old.get(i).kind().priority());
                    insert.setInt(3, i == 0 ? OutboxRecords.SENT : OutboxRecords.STORED); // seq 1 was in flight
                    insert.setInt(4, body.length);
                    insert.setLong(5, Records.T0);
                    insert.setBytes(6, body);
                    insert.executeUpdate();
                    oldBytes += body.length;
                }
            }
        }

        Outbox outbox = open(OutboxSettings.of(file));
        OutboxStats stats = join(outbox.stats());
        assertThat(stats.storedRecords()).as("the one in flight is stored again").isEqualTo(4);
        assertThat(stats.totalBytes()).isEqualTo(oldBytes);
        FeedCheckpoint.Saved feed = join(outbox.loadFeed());
        assertThat(feed.position()).isEqualTo(33);
        assertThat(feed.states().get("series-a")).containsExactly(1, 2);
        assertThat(join(outbox.append(summary(5)))).containsExactly(5L);

        List<StoredRecord> rows = join(outbox.nextStoredBatch(BatchRequest.of(10, 1 << 20)));
        assertThat(rows).extracting(StoredRecord::seq).containsExactly(2L, 1L, 3L, 4L, 5L);
        assertThat(rows).extracting(StoredRecord::json).containsExactly(false, false, false, false, true);
        Batch expected = new Batch("gw-1", List.of(new SyncRecord(2, alert(2)), new SyncRecord(1, summary(1)),
                new SyncRecord(3, detections(3)), new SyncRecord(4, status(4)), new SyncRecord(5, summary(5))));
        for (BatchCodec.Format format : BatchCodec.Format.values()) {
            byte[] body = StoredRecord.requestBody("gw-1", rows, format, true);
            assertThat(BatchCodec.decode(body, format, true, 1 << 20)).as(format.name()).isEqualTo(expected);
        }
        join(outbox.acknowledge(rows.stream().map(StoredRecord::seq).toList()));
        assertThat(join(outbox.stats()).totalBytes()).isZero();
        outbox.close();

        Outbox again = open(OutboxSettings.of(file));
        assertThat(again.nextSeq()).isEqualTo(6);
        assertThat(join(again.stats()).lastAckedSeq()).isEqualTo(5);
        join(again.append(summary(6)));
        assertThat(join(again.nextBatch(BatchRequest.of(10, 1 << 20))))
                .containsExactly(new SyncRecord(6, summary(6)));
    }
}
