package io.ganglion.sim.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.RejectReason;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.plan.EventStream;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.plan.SimEvent;
import io.ganglion.sim.plan.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final long START = TestScenarios.START.toEpochMilli();

    private static List<Message> messages(String yaml, long length) throws ConfigException {
        Plan plan = TestScenarios.plan(yaml);
        List<Message> messages = new ArrayList<>();
        EventStream stream = plan.events();
        while (stream.peekTime() < plan.start() + length) {
            SimEvent event = stream.next();
            if (event instanceof Message message) {
                messages.add(message);
            }
        }
        return messages;
    }

    @Test
    void counts_readings_sent_and_acknowledged_per_device_and_metric() throws ConfigException {
        Ledger ledger = new Ledger();
        List<Message> messages = messages("devices:\n  - {id: n, count: 2, profile: noise-level-meter, jitter: 0}\n",
                600_000);
        messages.forEach(ledger::sent);
        messages.stream().filter(m -> m.deviceId().equals("n-0001")).forEach(ledger::acknowledged);

        Expectation first = ledger.expectation("n-0001", "laeq");
        Expectation second = ledger.expectation("n-0002", "la90");
        assertThat(first.sent()).isEqualTo(60);
        assertThat(first.acknowledged()).isEqualTo(60);
        assertThat(first.to() - first.from()).isEqualTo(59 * 10_000);
        assertThat(second.sent()).isEqualTo(60);
        assertThat(second.acknowledged()).isZero();
        assertThat(ledger.expectations()).hasSize(6).extracting(Expectation::metric)
                .containsExactly("la90", "laeq", "lamax", "la90", "laeq", "lamax");
        assertThat(ledger.expectation("n-0009", "laeq").sent()).isZero();
    }

    @Test
    void without_faults_the_store_must_hold_exactly_what_was_acknowledged() {
        Expectation expected = new Expectation("d", "m", START, START + 1000, 100, 100, 0, 0);

        assertThat(expected.check(100).passed()).isTrue();
        assertThat(expected.check(99).outcome()).isEqualTo(ReadingCheck.Outcome.LOSS);
        assertThat(expected.check(101).outcome()).isEqualTo(ReadingCheck.Outcome.EXCESS);
        assertThat(expected.check(99).describe()).isEqualTo("expected 100 readings of device d metric m between"
                + " 2026-03-02T06:00:00Z and 2026-03-02T06:00:01Z; the gateway has 99 (LOSS)");
    }

    @Test
    void with_duplicates_the_store_may_hold_up_to_every_duplicate_as_well() {
        Expectation expected = new Expectation("d", "m", START, START + 1000, 100, 100, 7, 0);

        assertThat(expected.check(100).passed()).isTrue();
        assertThat(expected.check(107).passed()).isTrue();
        assertThat(expected.check(108).outcome()).isEqualTo(ReadingCheck.Outcome.EXCESS);
        assertThat(expected.check(99).outcome()).isEqualTo(ReadingCheck.Outcome.LOSS);
        assertThat(expected.check(103).describe()).startsWith("expected 100 to 107 readings of device d metric m");
    }

    @Test
    void readings_sent_but_never_acknowledged_may_or_may_not_be_stored() {
        Expectation expected = new Expectation("d", "m", START, START + 1000, 100, 97, 0, 0);

        assertThat(expected.fewest()).isEqualTo(97);
        assertThat(expected.most()).isEqualTo(100);
        assertThat(expected.check(96).passed()).isFalse();
    }

    @Test
    void a_duplicate_counts_as_a_duplicate_not_as_a_reading_even_when_acknowledged() throws ConfigException {
        Ledger ledger = new Ledger();
        List<Message> messages = messages("devices:\n  - {id: n, profile: noise-level-meter,"
                + " faults: {duplicate: 0.2}}\n", 3_600_000);
        messages.forEach(ledger::sent);
        messages.forEach(ledger::acknowledged);

        long readings = messages.stream().filter(m -> m.tally().kind() == Tally.Kind.READINGS).count();
        long duplicates = messages.stream().filter(m -> m.tally().kind() == Tally.Kind.DUPLICATE).count();
        Expectation expected = ledger.expectation("n-0001", "laeq");
        assertThat(duplicates).isPositive();
        assertThat(expected.sent()).isEqualTo(readings);
        assertThat(expected.acknowledged()).isEqualTo(readings);
        assertThat(expected.duplicatesSent()).isEqualTo(duplicates);
    }

    @Test
    void malformed_messages_are_counted_by_device_and_reason_and_checked_against_the_rejected_count()
            throws ConfigException {
        Ledger ledger = new Ledger();
        List<Message> messages = messages("devices:\n  - {id: n, count: 3, profile: noise-level-meter,"
                + " faults: {malformed: 0.1}}\n", 3_600_000);
        messages.forEach(ledger::sent);

        long malformed = messages.stream().filter(m -> m.deviceId().equals("n-0002")
                && m.tally().kind() == Tally.Kind.MALFORMED).count();
        assertThat(ledger.malformedSent("n-0002")).isEqualTo(malformed).isPositive();
        assertThat(ledger.malformedSentByReason("n-0002")).containsOnlyKeys(RejectReason.MALFORMED);
        assertThat(ledger.malformedSentByDevice()).containsOnlyKeys("n-0001", "n-0002", "n-0003");
        assertThat(new RejectionCheck("n-0002", malformed, malformed).passed()).isTrue();
        RejectionCheck missed = new RejectionCheck("n-0002", 12, 11);
        assertThat(missed.passed()).isFalse();
        assertThat(missed.describe()).isEqualTo("expected 12 rejected messages of device n-0002; the gateway rejected"
                + " 11 (MISSED)");
        assertThat(ledger.expectation("n-0002", "laeq").sent()).isEqualTo(messages.stream()
                .filter(m -> m.deviceId().equals("n-0002") && m.tally().kind() == Tally.Kind.READINGS).count());
    }

    @Test
    void out_of_range_readings_and_frames_are_counted() throws ConfigException {
        Ledger ledger = new Ledger();
        List<Message> messages = messages("devices:\n  - {id: n, profile: noise-level-meter,"
                + " faults: {outOfRange: 0.3}}\ncameras:\n  - {id: c, profile: ip-camera, fps: 1}\n", 600_000);
        messages.forEach(ledger::sent);

        long bad = messages.stream().mapToLong(m -> m.tally().badReadings()).sum();
        assertThat(ledger.expectations().stream().mapToLong(Expectation::outOfRangeSent).sum()).isEqualTo(bad)
                .isPositive();
        // The camera starts within its first telemetry interval (30 s).
        assertThat(ledger.framesSent("c-0001")).isBetween(570L, 600L);
    }

    @Test
    void reports_from_many_threads_add_up() throws Exception {
        Ledger ledger = new Ledger();
        List<Message> messages = messages("devices:\n  - {id: n, count: 20, profile: noise-level-meter}\n",
                3_600_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> messages.forEach(m -> {
                ledger.sent(m);
                ledger.acknowledged(m);
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        long perMetric = messages.stream().filter(m -> m.deviceId().equals("n-0007")
                && m.tally().kind() == Tally.Kind.READINGS).count();
        assertThat(ledger.expectation("n-0007", "lamax").sent()).isEqualTo(4 * perMetric);
        assertThat(ledger.expectation("n-0007", "lamax").acknowledged()).isEqualTo(4 * perMetric);
        Map<String, Long> none = ledger.malformedSentByDevice();
        assertThat(none).isEmpty();
    }
}
