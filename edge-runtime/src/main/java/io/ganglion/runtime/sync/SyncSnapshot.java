package io.ganglion.runtime.sync;

import io.ganglion.cloud.sync.SyncStatus;
import io.ganglion.cloud.sync.WindowSummaries;
import io.ganglion.cloud.wire.RecordKind;
import io.vertx.core.json.JsonObject;

/**
 * What {@code GET /api/v1/sync} shows and the {@code ganglion_sync_*} metrics read: the uplink's status, the window
 * summaries' counters, the work the feed could not hand to the outbox ({@code notKept}), the readings of quality
 * BAD it left out of the summaries ({@code badSkipped}), the readings it summarised from the store after a restart or
 * an overflow ({@code replayedReadings}) and those the store evicted before it could ({@code missedReadings}).
 */
public record SyncSnapshot(SyncStatus status, WindowSummaries.WindowStats windows, long notKept, long badSkipped,
                           long replayedReadings, long missedReadings) {
    public JsonObject toJson() {
        JsonObject sacrificed = new JsonObject();
        for (RecordKind kind : RecordKind.values()) {
            sacrificed.put(kind.wireName(), status.sacrificed().getOrDefault(kind, 0L));
        }
        io.vertx.core.json.JsonArray recent = new io.vertx.core.json.JsonArray();
        status.recentBatches().forEach(b -> recent.add(new JsonObject().put("atMs", b.atMs())
                .put("records", b.records()).put("highestSeq", b.highestSeq()).put("outcome", b.outcome())
                .put("detail", b.detail()).put("millis", b.millis())));
        return new JsonObject()
                .put("enabled", true)
                .put("state", status.errorState())
                .put("backlogRecords", status.backlogRecords())
                .put("backlogBytes", status.backlogBytes())
                .put("inFlightRecords", status.inFlightRecords())
                .put("oldestUnsentAgeMs", status.oldestUnsentAgeMs())
                .put("lastAckedSeq", status.lastAckedSeq())
                .put("nextSeq", status.nextSeq())
                .put("consecutiveFailures", status.consecutiveFailures())
                .put("failuresTotal", status.failuresTotal())
                .put("lastError", status.lastError())
                .put("lastErrorAtMs", status.lastErrorAtMs())
                .put("draining", status.draining())
                .put("refusedRecords", status.refusedRecords())
                .put("refusedTotal", status.refusedTotal())
                .put("sacrificed", sacrificed)
                .put("ackedRecords", status.ackedRecords())
                .put("batchesSent", status.batchesSent())
                .put("notKept", notKept)
                .put("replayedReadings", replayedReadings)
                .put("missedReadings", missedReadings)
                .put("recentBatches", recent)
                .put("windows", new JsonObject()
                        .put("series", windows.series())
                        .put("openWindows", windows.openWindows())
                        .put("lateReadings", windows.lateReadings())
                        .put("lateCorrections", windows.lateCorrections())
                        .put("forcedCloses", windows.forcedCloses())
                        .put("refusedReadings", windows.refusedReadings())
                        .put("badSkipped", badSkipped));
    }
}
