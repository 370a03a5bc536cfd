package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.RecordKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ganglion.cloud.sync.OutboxTest.join;
import static io.ganglion.cloud.sync.Records.alert;
import static io.ganglion.cloud.sync.Records.summary;
import static io.ganglion.cloud.sync.UplinkFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UplinkClientTest {
    private static final String TOKEN = "s3cret-token";
    @TempDir
    Path dir;
    private UplinkFixture fixture;
    private FakeEndpoint endpoint;

    @BeforeEach
    void setUp() {
        fixture = UplinkFixture.http(dir, TOKEN);
        endpoint = fixture.endpoint();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private UplinkSettings settings() {
        return fixture.settings("gw-1", TOKEN, Duration.ofSeconds(2));
    }

    @Test
    void records_are_sent_acknowledged_and_purged() {
        fixture.appendSummaries(0, 25);
        UplinkClient client = fixture.client(settings().withBatch(10, 1 << 20));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        assertThat(endpoint.stored).hasSize(25);
        assertThat(endpoint.duplicates).hasValue(0);
        assertThat(endpoint.acceptedBatches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(10));
        assertThat(endpoint.contentTypes).first().isEqualTo("application/json+gzip");
        SyncStatus status = status(client);
        assertThat(status.lastAckedSeq()).isEqualTo(25);
        assertThat(status.ackedRecords()).isEqualTo(25);
        assertThat(status.errorState()).isEqualTo("ok");
        assertThat(join(fixture.outbox().stats()).totalBytes()).isZero();

        fixture.appendSummaries(25, 26); // live: woken, not polled
        client.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.stored.size() == 26);
    }

    @Test
    void a_crash_between_sent_and_acknowledged_resends_and_the_cloud_stores_once() {
        fixture.appendSummaries(0, 20);
        endpoint.mode = FakeEndpoint.Mode.COMMIT_THEN_DROP; // the cloud commits, the answer is lost
        // A back-off longer than the test: under load a 5 s one let the first client resend before it was stopped.
        UplinkClient first = fixture.client(settings().withBackoff(Duration.ofSeconds(60), Duration.ofSeconds(60)));
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.stored.size() == 20);
        fixture.stop(first);
        fixture.restartOutbox(); // the gateway restarts
        assertThat(join(fixture.outbox().stats()).storedRecords()).isEqualTo(20);
        endpoint.mode = FakeEndpoint.Mode.OK;
        UplinkClient second = fixture.client(settings());
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(second).backlogRecords() == 0);
        assertThat(endpoint.stored).hasSize(20);
        assertThat(endpoint.duplicates).hasValue(20);
    }

    @Test
    void after_an_outage_everything_arrives_exactly_once_and_back_off_grows_with_jitter_within_bounds() {
        endpoint.mode = FakeEndpoint.Mode.UNAVAILABLE;
        fixture.appendSummaries(0, 30);
        UplinkClient client = fixture.client(settings().withBatch(7, 1 << 20));
        List<Long> backoffs = new CopyOnWriteArrayList<>();
        client.onBackoff(backoffs::add);
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> backoffs.size() >= 12);
        SyncStatus down = status(client);
        assertThat(down.consecutiveFailures()).isGreaterThanOrEqualTo(12);
        assertThat(down.lastError()).contains("503");
        assertThat(down.errorState()).isEqualTo("retrying");
        assertThat(down.backlogRecords()).isEqualTo(30);
        assertThat(down.draining()).isTrue();

        endpoint.mode = FakeEndpoint.Mode.DROP; // then the connection is cut
        int before = backoffs.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> backoffs.size() >= before + 3);
        assertThat(status(client).lastError()).contains("no answer");
        fixture.appendSummaries(30, 40);
        endpoint.mode = FakeEndpoint.Mode.OK;
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);

        assertThat(endpoint.stored).hasSize(40);
        assertThat(endpoint.acceptedBatches.stream().mapToLong(List::size).sum()).as("each record sent once")
                .isEqualTo(40);
        for (int i = 0; i < backoffs.size(); i++) {
            assertThat(backoffs.get(i)).isBetween(0L, Backoff.ceilingMs(i + 1, 20, 200));
        }
        List<Long> capped = backoffs.subList(4, backoffs.size());
        assertThat(capped.stream().distinct().count()).as("jittered").isGreaterThan(3);
        assertThat(capped.stream().mapToLong(Long::longValue).max().orElseThrow()).as("grown past the base")
                .isGreaterThan(20);
        SyncStatus up = status(client);
        assertThat(up.consecutiveFailures()).isZero();
        assertThat(up.errorState()).isEqualTo("ok");
        assertThat(up.lastAckedSeq()).isEqualTo(40);
    }

    @Test
    void an_answer_slower_than_the_request_timeout_is_retried_and_the_cloud_stores_each_record_once() {
        endpoint.delayMs = 600; // the cloud commits, but answers after the gateway gave up
        fixture.appendSummaries(0, 10);
        UplinkClient client = fixture.client(settings().withBatch(5, 1 << 20)
                .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(50)));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).consecutiveFailures() >= 2);
        assertThat(status(client).lastError()).contains("no answer");
        endpoint.delayMs = 0;
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.stored.size() == 10);
        assertThat(endpoint.duplicates.get()).as("retries arrived again, were not stored again").isPositive();
    }

    @Test
    void alerts_appended_during_a_backlog_are_sent_before_older_summaries() {
        endpoint.mode = FakeEndpoint.Mode.UNAVAILABLE;
        fixture.appendSummaries(0, 50);
        UplinkClient client = fixture.client(settings().withBatch(10, 1 << 20));
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests.get() >= 2);
        long alertSeq = join(fixture.outbox().append(alert(1))).get(0);
        endpoint.mode = FakeEndpoint.Mode.OK;
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        // First in the first batch taken after it was appended (a batch taken just before may be answered first).
        int batchOfAlert = 0;
        while (!endpoint.acceptedBatches.get(batchOfAlert).contains(alertSeq)) {
            batchOfAlert++;
        }
        assertThat(batchOfAlert).isLessThanOrEqualTo(1);
        assertThat(endpoint.acceptedBatches.get(batchOfAlert)).first().isEqualTo(alertSeq);
        assertThat(endpoint.acceptedAtNanos.get(alertSeq)).isLessThan(endpoint.acceptedAtNanos.get(50L));
        assertThat(endpoint.stored).hasSize(51);
    }

    @Test
    void the_backlog_drains_at_the_configured_rate_while_live_records_go_first() {
        endpoint.mode = FakeEndpoint.Mode.UNAVAILABLE;
        fixture.appendSummaries(0, 300);
        UplinkClient client = fixture.client(settings().withBatch(50, 1 << 20).withDrain(200));
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests.get() >= 2);
        endpoint.mode = FakeEndpoint.Mode.OK;
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).until(() -> endpoint.stored.size() >= 50);
        List<Long> live = join(fixture.outbox().append(summary(1000), summary(1001)));
        client.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        long drainedMs = (endpoint.acceptedAtNanos.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - upAt) / 1_000_000;
        // 300 records at 200/s with at most one second's burst saved up: at least ~0.5 s
        assertThat(drainedMs).isGreaterThanOrEqualTo(400);
        long liveAt = Math.max(endpoint.acceptedAtNanos.get(live.get(0)), endpoint.acceptedAtNanos.get(live.get(1)));
        long backlogDoneAt = endpoint.acceptedAtNanos.get(300L);
        assertThat(liveAt).as("live records did not wait for the backlog").isLessThan(backlogDoneAt);
        // The client ends the drain an outbox round-trip or two after the last acknowledgement: a status read in
        // between still says draining.
        await().atMost(Duration.ofSeconds(2)).until(() -> !status(client).draining());
        assertThat(endpoint.stored).hasSize(302);
    }

    @Test
    void a_limited_drain_sends_full_batches_and_keeps_within_the_rate() {
        endpoint.mode = FakeEndpoint.Mode.UNAVAILABLE;
        fixture.appendSummaries(0, 1000);
        UplinkClient client = fixture.client(settings().withBatch(100, 1 << 20).withDrain(500));
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests.get() >= 2);
        endpoint.mode = FakeEndpoint.Mode.OK;
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        assertThat(endpoint.acceptedBatches).as("a batch's worth of tokens is saved up before backlog is taken")
                .hasSize(10).allSatisfy(batch -> assertThat(batch).hasSize(100));
        long drainedMs = (endpoint.acceptedAtNanos.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - upAt) / 1_000_000;
        // 1,000 records at 500/s, with at most one second's worth (500) saved up: at least 1 s
        assertThat(drainedMs).isGreaterThanOrEqualTo(900);
        assertThat(endpoint.stored).hasSize(1000);
    }

    @Test
    void below_a_batch_a_second_the_backlog_goes_a_second_s_worth_at_a_time() {
        fixture.appendSummaries(0, 90);
        UplinkClient client = fixture.client(settings().withBatch(100, 1 << 20).withDrain(30));
        client.start(); // a restart: all 90 are backlog
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        assertThat(endpoint.acceptedBatches).hasSize(3).allSatisfy(batch -> assertThat(batch).hasSize(30));
        long first = endpoint.acceptedAtNanos.get(30L);
        long last = endpoint.acceptedAtNanos.get(90L);
        assertThat((last - first) / 1_000_000).as("two more seconds' worth").isGreaterThanOrEqualTo(1800);
    }

    @Test
    void a_refused_batch_is_parked_counted_and_the_client_goes_on() {
        endpoint.poisonDevice = "poison";
        fixture.appendSummaries(0, 3);
        join(fixture.outbox().append(new io.ganglion.cloud.wire.StatusChange("poison", "online", "", Records.T0)));
        fixture.appendSummaries(3, 6);
        UplinkClient client = fixture.client(settings().withBatch(1, 1 << 20));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(client).backlogRecords() == 0);
        SyncStatus status = status(client);
        assertThat(status.refusedRecords()).isEqualTo(1);
        assertThat(status.refusedTotal()).isEqualTo(1);
        assertThat(status.lastError()).startsWith("refused: 400").contains("poison");
        assertThat(status.errorState()).isEqualTo("parked");
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(endpoint.stored).hasSize(6);
    }

    @Test
    void a_wrong_token_is_retried_not_parked() {
        fixture.appendSummaries(0, 2);
        UplinkClient client = fixture.client(UplinkSettings.of(fixture.uri(), "gw-1", "wrong")
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(50)));
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(client).consecutiveFailures() >= 2);
        SyncStatus status = status(client);
        assertThat(status.lastError()).startsWith("401");
        assertThat(status.refusedRecords()).isZero();
        assertThat(status.backlogRecords()).isEqualTo(2);
    }

    @Test
    void the_status_shows_backlog_age_and_sacrifices() {
        endpoint.mode = FakeEndpoint.Mode.UNAVAILABLE;
        fixture.appendSummaries(0, 5);
        join(fixture.outbox().append(alert(2)));
        UplinkClient client = fixture.client(settings());
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(client).consecutiveFailures() >= 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> status(client).oldestUnsentAgeMs() >= 50);
        SyncStatus status = status(client);
        assertThat(status.backlogRecords()).isEqualTo(6);
        assertThat(status.backlogBytes()).isPositive();
        assertThat(status.lastAckedSeq()).isZero();
        assertThat(status.nextSeq()).isEqualTo(7);
        assertThat(status.lastErrorAtMs()).isPositive();
        assertThat(status.sacrificed()).containsEntry(RecordKind.SUMMARY, 0L).containsEntry(RecordKind.ALERT, 0L);
    }
}
