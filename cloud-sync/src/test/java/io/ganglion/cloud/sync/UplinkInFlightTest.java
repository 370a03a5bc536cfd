package io.ganglion.cloud.sync;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static io.ganglion.cloud.sync.OutboxTest.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Several requests in flight (UplinkSettings.maxInFlight) against a fake endpoint that answers late or fails one. */
class UplinkInFlightTest {
    private static final String TOKEN = "s3cret-token";
    @TempDir
    Path dir;
    private UplinkFixture fixture;
    private FakeEndpoint endpoint;
    private UplinkClient client;

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
        return fixture.settings("gw-1", TOKEN, Duration.ofSeconds(5));
    }

    /** Appends summaries 0 to n - 1 (seqs 1 to n), starts a client sending batches of 10 with this window. */
    private void sendInBatchesOf10(int n, int maxInFlight) {
        fixture.appendSummaries(0, n);
        client = fixture.client(settings().withBatch(10, 1 << 20).withInFlight(maxInFlight));
        client.start();
    }

    private SyncStatus status() {
        return UplinkFixture.status(client);
    }

    private List<Long> acceptedSeqs() {
        return endpoint.acceptedBatches.stream().flatMap(List::stream).toList();
    }

    @Test
    void several_requests_are_in_flight_at_once_and_each_record_is_acknowledged_once() {
        endpoint.delayMs = 150; // the endpoint's commit: long enough for the next batches to go out meanwhile
        sendInBatchesOf10(60, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> status().backlogRecords() == 0);

        assertThat(endpoint.maxOpen.get()).as("requests open at the endpoint at once").isBetween(2, 3);
        assertThat(acceptedSeqs()).hasSize(60).doesNotHaveDuplicates();
        assertThat(endpoint.stored).hasSize(60);
        assertThat(endpoint.duplicates).hasValue(0);
        SyncStatus status = status();
        assertThat(status.ackedRecords()).isEqualTo(60);
        assertThat(status.batchesSent()).isEqualTo(6);
        assertThat(status.lastAckedSeq()).isEqualTo(60);
        assertThat(status.inFlightRecords()).isZero();
        assertThat(status.failuresTotal()).isZero();
    }

    @Test
    void one_failed_request_among_several_is_released_and_sent_again_once() {
        endpoint.delayMs = 100;
        endpoint.unavailableRequests.add(2); // the second of the three sent at once
        sendInBatchesOf10(50, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> status().backlogRecords() == 0);

        assertThat(endpoint.maxOpen.get()).isGreaterThanOrEqualTo(2);
        assertThat(acceptedSeqs()).as("every record accepted exactly once").hasSize(50).doesNotHaveDuplicates();
        assertThat(endpoint.stored).hasSize(50);
        assertThat(endpoint.duplicates).hasValue(0);
        assertThat(endpoint.requests).as("5 batches, one sent twice").hasValue(6);
        SyncStatus status = status();
        assertThat(status.ackedRecords()).isEqualTo(50);
        assertThat(status.batchesSent()).isEqualTo(5);
        assertThat(status.failuresTotal()).isEqualTo(1);
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(status.lastError()).contains("503");
        assertThat(status.lastAckedSeq()).isEqualTo(50);
        assertThat(status.refusedRecords()).isZero();
        assertThat(join(fixture.outbox().stats()).totalBytes()).isZero();
    }

    @Test
    void failures_of_requests_in_flight_together_begin_one_back_off() {
        endpoint.delayMs = 100;
        endpoint.mode = FakeEndpoint.Mode.UNAVAILABLE;
        List<Long> backoffs = new CopyOnWriteArrayList<>();
        fixture.appendSummaries(0, 40);
        client = fixture.client(settings().withBatch(10, 1 << 20).withInFlight(4)
                .withBackoff(Duration.ofMillis(300), Duration.ofMillis(300)));
        client.onBackoff(backoffs::add);
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status().failuresTotal() >= 4);

        assertThat(endpoint.maxOpen.get()).isEqualTo(4);
        assertThat(backoffs).as("four failed at once: one back-off").hasSize(1);
        assertThat(status().consecutiveFailures()).isEqualTo(1);
        assertThat(status().backlogRecords()).isEqualTo(40);
        endpoint.mode = FakeEndpoint.Mode.OK;
        await().atMost(Duration.ofSeconds(10)).until(() -> status().backlogRecords() == 0);
        assertThat(acceptedSeqs()).hasSize(40).doesNotHaveDuplicates();
        assertThat(status().consecutiveFailures()).isZero();
    }

    @Test
    void a_200_that_does_not_acknowledge_the_whole_batch_is_retried() {
        endpoint.mode = FakeEndpoint.Mode.WRONG_ACK;
        sendInBatchesOf10(20, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> status().consecutiveFailures() >= 2);
        SyncStatus wrong = status();
        assertThat(wrong.lastError()).startsWith("200 without an acknowledgement").containsPattern("acked (9|19) ");
        assertThat(wrong.ackedRecords()).isZero();
        assertThat(wrong.backlogRecords()).isEqualTo(20);

        endpoint.mode = FakeEndpoint.Mode.NO_ACK;
        int before = endpoint.requests.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests.get() >= before + 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> status().lastError().contains("no acked"));
        assertThat(status().backlogRecords()).isEqualTo(20);

        endpoint.mode = FakeEndpoint.Mode.OK;
        await().atMost(Duration.ofSeconds(10)).until(() -> status().backlogRecords() == 0);
        assertThat(endpoint.stored).hasSize(20);
        assertThat(endpoint.duplicates.get()).as("committed before, not stored again").isPositive();
        assertThat(status().ackedRecords()).isEqualTo(20);
    }

    @Test
    void one_in_flight_sends_strictly_one_request_at_a_time_in_order() {
        endpoint.delayMs = 40;
        sendInBatchesOf10(50, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> status().backlogRecords() == 0);

        assertThat(endpoint.maxOpen).hasValue(1);
        assertThat(acceptedSeqs()).as("one batch after the other, in seq order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(endpoint.acceptedBatches).hasSize(5);
    }

    @Test
    void in_flight_is_1_to_16() {
        UplinkSettings base = settings();
        assertThat(base.maxInFlight()).isEqualTo(2);
        assertThat(base.withInFlight(16).maxInFlight()).isEqualTo(16);
        assertThatThrownBy(() -> base.withInFlight(0)).hasMessage("maxInFlight must be 1 to 16, not 0");
        assertThatThrownBy(() -> base.withInFlight(17)).hasMessage("maxInFlight must be 1 to 16, not 17");
    }
}
