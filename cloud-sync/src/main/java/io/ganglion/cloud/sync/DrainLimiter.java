package io.ganglion.cloud.sync;

import java.time.Clock;
import java.util.List;

/**
 * The drain rate of the backlog after an outage or a restart (docs/sync.md, "Drain rate, live data and alerts"):
 * which records are backlog (those below {@link #liveFromSeq()}, noted when the drain began) and a token bucket of
 * {@code drainRecordsPerSecond} tokens a second, at most one second's worth saved up, that says how many of them the
 * next batch may take. Backlog goes a full batch at a time. It is separate from {@link UplinkClient} because it only
 * counts: it sends nothing and does not care how many requests are in flight or why one failed; batches are taken
 * one at a time, so requests in flight together never spend the same tokens. Not thread-safe: it lives on the
 * uplink's context.
 */
final class DrainLimiter {
    private final int recordsPerSecond;
    private final int maxBatchRecords;
    private final Clock clock;
    /** Records below it are backlog; 0 when not draining. */
    private long liveFromSeq;
    private double tokens;
    private long refilledAtMs;

    DrainLimiter(int recordsPerSecond, int maxBatchRecords, Clock clock) {
        this.recordsPerSecond = recordsPerSecond;
        this.maxBatchRecords = maxBatchRecords;
        this.clock = clock;
    }

    /** An outage or a restart begins a drain: what is in the outbox now, below {@code nextSeq}, is backlog. */
    void begin(long nextSeq) {
        liveFromSeq = nextSeq;
        tokens = 0;
        refilledAtMs = clock.millis();
    }

    /** No stored backlog is left: the drain is over. */
    void end() {
        liveFromSeq = 0;
    }

    boolean draining() {
        return liveFromSeq > 0;
    }

    long liveFromSeq() {
        return liveFromSeq;
    }

    /**
     * How many backlog records the next batch may take: none until a full batch's worth of tokens (or, below one
     * batch a second, a second's worth) is saved up, then all the tokens. Taking whatever had built up made batches
     * of a few dozen records at short intervals, each costing a request's CPU; the average rate is the same.
     */
    int allowance() {
        long now = clock.millis();
        double rate = recordsPerSecond;
        tokens = Math.min(rate, tokens + Math.max(0, now - refilledAtMs) * rate / 1000.0);
        refilledAtMs = now;
        return tokens >= quantum() ? (int) tokens : 0;
    }

    /** A batch was taken: its backlog records spend their tokens. */
    void spend(List<StoredRecord> batch) {
        if (liveFromSeq > 0) {
            long backlog = batch.stream().filter(r -> r.seq() < liveFromSeq).count();
            tokens = Math.max(0, tokens - backlog);
        }
    }

    /** How long until a batch's worth of tokens is saved up, as of the last {@link #allowance()}. */
    long millisUntilBatch() {
        double missing = Math.max(0, quantum() - tokens);
        return (long) Math.ceil(missing * 1000.0 / recordsPerSecond);
    }

    /** The backlog's batch: a full one, or a second's worth when the rate is below a batch a second. */
    private int quantum() {
        return Math.min(maxBatchRecords, recordsPerSecond);
    }
}
