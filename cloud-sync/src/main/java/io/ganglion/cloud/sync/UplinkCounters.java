package io.ganglion.cloud.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What the uplink reports about itself in {@link SyncStatus} besides the outbox's figures: records and batches
 * acknowledged and requests failed since start, the last error and its time, and the warning log of failures, at most
 * a line a minute (the status has the rest). It is separate from {@link UplinkClient} because none of it steers the
 * sending: the client tells it what happened and reads nothing back. Not thread-safe: used on the uplink's context.
 */
final class UplinkCounters {
    /** The client's logger: what it logs is the client's, whichever class counts it. */
    private static final Logger LOG = LoggerFactory.getLogger(UplinkClient.class);

    private final String url;
    private final Clock clock;
    private String lastError;
    private long lastErrorAtMs;
    private long ackedRecords;
    private long batchesSent;
    private long failuresTotal;
    private long lastErrorLogMs;
    /** The outcomes of the latest requests, newest first, for the dashboard's table; bounded. */
    private final ArrayDeque<BatchOutcome> recent = new ArrayDeque<>(UplinkClient.RECENT_BATCHES);

    /** @param url where the batches go, for the log */
    UplinkCounters(String url, Clock clock) {
        this.url = url;
        this.clock = clock;
    }

    /** A batch of {@code records} records was acknowledged. */
    void acknowledged(int records) {
        ackedRecords += records;
        batchesSent++;
    }

    /**
     * What became of a request: {@code acked}, {@code refused} or {@code retried}, with why (null when acked), and
     * when it was sent, for its round-trip time.
     */
    void remember(int records, long highestSeq, String outcome, String detail, long sentAtMs) {
        long now = clock.millis();
        if (recent.size() == UplinkClient.RECENT_BATCHES) {
            recent.removeLast();
        }
        recent.addFirst(new BatchOutcome(now, records, highestSeq, outcome, detail, Math.max(0, now - sentAtMs)));
    }

    /** A request (or the outbox's part of one) failed and will be retried. */
    void failed() {
        failuresTotal++;
    }

    /** A failure or a refusal: the status shows it; the log, at most once a minute. */
    void noteError(String error, int consecutiveFailures) {
        lastError = error;
        lastErrorAtMs = clock.millis();
        long now = System.nanoTime() / 1_000_000;
        if (now - lastErrorLogMs > 60_000) { // one line a minute at most: the status has the rest
            lastErrorLogMs = now;
            LOG.warn("uplink to {}: {} ({} consecutive failures)", url, error, consecutiveFailures);
        }
    }

    /** The status of the outbox {@code s} with these counters and the client's failure streak and drain. */
    SyncStatus status(OutboxStats s, int consecutiveFailures, boolean draining) {
        long now = clock.millis();
        return new SyncStatus(s.backlogRecords(), s.backlogBytes(), s.sentRecords(), s.refusedRecords(),
                s.oldestUnsentMillis() < 0 ? 0 : Math.max(0, now - s.oldestUnsentMillis()), s.lastAckedSeq(),
                s.nextSeq(), consecutiveFailures, lastError, lastErrorAtMs, draining, s.sacrificed(),
                s.refusedTotal(), ackedRecords, batchesSent, failuresTotal, List.copyOf(recent));
    }
}
