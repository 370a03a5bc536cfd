package io.ganglion.sim.ledger;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Tally;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a run sent and what the gateway acknowledged, per device and metric, for the end-of-run comparison with the
 * gateway's store ({@link Expectation#check}, {@link RejectionCheck}). Thread-safe and lock-free on the hot path: the
 * transport reports from any thread.
 *
 * <p>The transport calls {@link #sent} when a message has left (written to the socket), and {@link #acknowledged}
 * when the gateway confirmed it: a QoS 1 PUBACK, a CoAP ACK with a 2.xx code. A QoS 0 message or a non-confirmable
 * request has no confirmation: report it acknowledged when it is sent. Events that are not {@link Message}s and
 * status messages count nothing.
 */
public final class Ledger {
    private final ConcurrentMap<String, ConcurrentMap<String, MetricCounts>> byDevice = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<RejectReason, LongAdder>> malformed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> frames = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> framesAcknowledged = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, PinCounts>> pins = new ConcurrentHashMap<>();

    /** A message has been sent. */
    public void sent(Message message) {
        Tally tally = message.tally();
        switch (tally.kind()) {
            case READINGS:
                for (Reading reading : tally.readings()) {
                    MetricCounts counts = counts(message.deviceId(), reading.metric());
                    counts.sent.increment();
                    if (reading.quality() == Quality.BAD) {
                        counts.outOfRangeSent.increment();
                    }
                    counts.sawTimestamp(reading.timestamp());
                }
                break;
            case DUPLICATE:
                for (Reading reading : tally.readings()) {
                    counts(message.deviceId(), reading.metric()).duplicatesSent.increment();
                }
                break;
            case MALFORMED:
                malformed.computeIfAbsent(message.deviceId(), id -> new ConcurrentHashMap<>())
                        .computeIfAbsent(tally.rejectReason(), reason -> new LongAdder()).increment();
                break;
            case FRAME:
                frames.computeIfAbsent(message.deviceId(), id -> new LongAdder()).increment();
                break;
            default:
                break;
        }
    }

    /**
     * The gateway acknowledged a message. Only the readings of {@link Tally.Kind#READINGS} messages count: a
     * duplicate's acknowledgement says nothing about whether the gateway kept a second copy.
     */
    public void acknowledged(Message message) {
        if (message.tally().kind() == Tally.Kind.FRAME) {
            framesAcknowledged.computeIfAbsent(message.deviceId(), id -> new LongAdder()).increment();
            return;
        }
        if (message.tally().kind() != Tally.Kind.READINGS) {
            return;
        }
        for (Reading reading : message.tally().readings()) {
            counts(message.deviceId(), reading.metric()).acknowledged.increment();
        }
    }

    /**
     * A GPIO device's message has been handed to the pins at {@code atMillis} (wall clock). Its readings are kept
     * apart from those of the other transports ({@link #pinExpectations}): the gateway reports pins in windows of its
     * own, not message by message.
     *
     * @param counters the metrics that are pulse counts, checked by their sum
     */
    public void sentToPins(Message message, Set<String> counters, long atMillis) {
        if (message.tally().kind() != Tally.Kind.READINGS) {
            return;
        }
        for (Reading reading : message.tally().readings()) {
            PinCounts counts = pinCounts(message.deviceId(), reading.metric(), counters.contains(reading.metric()));
            counts.sent.increment();
            counts.sumSent.add(reading.value());
            counts.firstSentAt.accumulateAndGet(atMillis, Math::min);
        }
    }

    /** The pins have played all of a GPIO device's message. */
    public void playedOnPins(Message message) {
        if (message.tally().kind() != Tally.Kind.READINGS) {
            return;
        }
        for (Reading reading : message.tally().readings()) {
            PinCounts counts = pins.get(message.deviceId()).get(reading.metric());
            counts.acknowledged.increment();
            counts.sumPlayed.add(reading.value());
        }
    }

    private PinCounts pinCounts(String deviceId, String metric, boolean counter) {
        return pins.computeIfAbsent(deviceId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(metric, m -> new PinCounts(counter));
    }

    /** One per GPIO device and metric sent to the pins, ordered by device and metric. A snapshot. */
    public List<PinExpectation> pinExpectations() {
        List<PinExpectation> all = new ArrayList<>();
        pins.forEach((device, metrics) -> metrics.forEach((metric, c) -> all.add(new PinExpectation(device, metric,
                c.counter, c.sent.sum(), c.acknowledged.sum(), c.sumSent.sum(), c.sumPlayed.sum(),
                c.firstSentAt.get()))));
        all.sort(Comparator.comparing(PinExpectation::deviceId).thenComparing(PinExpectation::metric));
        return all;
    }

    private MetricCounts counts(String deviceId, String metric) {
        return byDevice.computeIfAbsent(deviceId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(metric, m -> new MetricCounts());
    }

    /** One per device and metric that was sent, ordered by device and metric. A snapshot. */
    public List<Expectation> expectations() {
        List<Expectation> all = new ArrayList<>();
        byDevice.forEach((device, metrics) -> metrics.forEach((metric, counts) -> all.add(expectation(device, metric,
                counts))));
        all.sort(Comparator.comparing(Expectation::deviceId).thenComparing(Expectation::metric));
        return all;
    }

    /** The expectation of one device's metric; all zero when nothing of it was sent. */
    public Expectation expectation(String deviceId, String metric) {
        ConcurrentMap<String, MetricCounts> metrics = byDevice.get(deviceId);
        MetricCounts counts = metrics == null ? null : metrics.get(metric);
        return counts == null ? new Expectation(deviceId, metric, 0, 0, 0, 0, 0, 0)
                : expectation(deviceId, metric, counts);
    }

    private static Expectation expectation(String device, String metric, MetricCounts counts) {
        long first = counts.first.get();
        long last = counts.last.get();
        return new Expectation(device, metric, first == Long.MAX_VALUE ? 0 : first, last == Long.MIN_VALUE ? 0 : last,
                counts.sent.sum(), counts.acknowledged.sum(), counts.duplicatesSent.sum(), counts.outOfRangeSent.sum());
    }

    /** Malformed messages sent by {@code deviceId}: the gateway's rejected count for it must equal this. */
    public long malformedSent(String deviceId) {
        Map<RejectReason, Long> reasons = malformedSentByReason(deviceId);
        return reasons.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Malformed messages sent by {@code deviceId}, by the reason the gateway will give. */
    public Map<RejectReason, Long> malformedSentByReason(String deviceId) {
        Map<RejectReason, Long> reasons = new TreeMap<>();
        ConcurrentMap<RejectReason, LongAdder> counts = malformed.get(deviceId);
        if (counts != null) {
            counts.forEach((reason, count) -> reasons.put(reason, count.sum()));
        }
        return reasons;
    }

    /** Devices that sent malformed messages, with how many; sorted by device. */
    public Map<String, Long> malformedSentByDevice() {
        Map<String, Long> all = new TreeMap<>();
        malformed.keySet().forEach(device -> all.put(device, malformedSent(device)));
        return all;
    }

    /** Frames sent by a camera. */
    public long framesSent(String deviceId) {
        LongAdder count = frames.get(deviceId);
        return count == null ? 0 : count.sum();
    }

    /** Frames of a camera the gateway acknowledged (at QoS 0: sent). */
    public long framesAcknowledged(String deviceId) {
        LongAdder count = framesAcknowledged.get(deviceId);
        return count == null ? 0 : count.sum();
    }

    /** The cameras that sent frames, sorted. */
    public Set<String> cameras() {
        return new TreeSet<>(frames.keySet());
    }

    /** Per GPIO device and metric: messages and the sums of their values, sent and played in full. */
    private static final class PinCounts {
        final boolean counter;
        final LongAdder sent = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final DoubleAdder sumSent = new DoubleAdder();
        final DoubleAdder sumPlayed = new DoubleAdder();
        final AtomicLong firstSentAt = new AtomicLong(Long.MAX_VALUE);

        PinCounts(boolean counter) {
            this.counter = counter;
        }
    }
}
