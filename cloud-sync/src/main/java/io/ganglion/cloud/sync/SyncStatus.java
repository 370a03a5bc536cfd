package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.RecordKind;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/v1/sync} shows (docs/sync.md).
 *
 * @param backlogRecords      records not yet acknowledged (stored or in flight)
 * @param backlogBytes        their payload bytes
 * @param inFlightRecords     of which in a request now
 * @param refusedRecords      parked: the cloud refused their batch
 * @param oldestUnsentAgeMs   how long the oldest unacknowledged record has waited, 0 with no backlog
 * @param lastAckedSeq        the highest sequence number the cloud acknowledged, 0 before the first
 * @param nextSeq             the sequence number the next record gets
 * @param consecutiveFailures back-offs since the last success: failed requests, not counting those in flight beside
 *                            one that had already failed (docs/sync.md); 0 when the uplink is healthy
 * @param lastError           the last failure or refusal ("503 Service Unavailable", "refused: ..."), or null
 * @param lastErrorAtMs       when it happened (epoch ms), 0 when never
 * @param draining            a backlog from an outage or a restart is being sent at the drain rate
 * @param sacrificed          records dropped to keep the byte quota, per kind
 * @param refusedTotal        records ever parked as refused
 * @param ackedRecords        records acknowledged since start
 * @param batchesSent         requests answered 200 since start
 * @param failuresTotal       failed requests (no answer, or an answer that is retried) since start
 * @param recentBatches       what became of the last requests, newest first (at most
 *                            {@link UplinkClient#RECENT_BATCHES})
 */
public record SyncStatus(long backlogRecords, long backlogBytes, long inFlightRecords, long refusedRecords,
                         long oldestUnsentAgeMs, long lastAckedSeq, long nextSeq, int consecutiveFailures,
                         String lastError, long lastErrorAtMs, boolean draining, Map<RecordKind, Long> sacrificed,
                         long refusedTotal, long ackedRecords, long batchesSent, long failuresTotal,
                         List<BatchOutcome> recentBatches) {
    public SyncStatus {
        sacrificed = Map.copyOf(sacrificed);
        recentBatches = List.copyOf(recentBatches);
    }

    /** {@code retrying} (failures since the last success), {@code parked} (refused records wait) or {@code ok}. */
    public String errorState() {
        if (consecutiveFailures > 0) {
            return "retrying";
        }
        return refusedRecords > 0 ? "parked" : "ok";
    }
}
