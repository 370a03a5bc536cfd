package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.RecordKind;

import java.util.Map;

/**
 * A snapshot of the outbox.
 *
 * @param storedRecords       waiting to be sent (state {@code stored})
 * @param sentRecords         in flight (state {@code sent}), not yet acknowledged
 * @param refusedRecords      parked: the cloud refused their batch (state {@code refused})
 * @param backlogBytes        payload bytes of stored and sent records
 * @param totalBytes          payload bytes of every kept record (what the quota counts)
 * @param oldestUnsentMillis  the creation time of the oldest stored or sent record, or -1 when there is none
 * @param nextSeq             the sequence number the next appended record gets
 * @param lastAckedSeq        the highest acknowledged sequence number, 0 before the first
 * @param sacrificed          records dropped to keep the quota, per kind, since the file was created
 * @param refusedTotal        records ever parked as refused
 */
public record OutboxStats(long storedRecords, long sentRecords, long refusedRecords, long backlogBytes,
                          long totalBytes, long oldestUnsentMillis, long nextSeq, long lastAckedSeq,
                          Map<RecordKind, Long> sacrificed, long refusedTotal) {
    public OutboxStats {
        sacrificed = Map.copyOf(sacrificed);
    }

    public long backlogRecords() {
        return storedRecords + sentRecords;
    }
}
