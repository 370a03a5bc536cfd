package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.RecordKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;

/**
 * Where the endpoint keeps what gateways send. Every method is non-blocking: it returns at once and completes its
 * future later, never on a thread it blocked.
 *
 * <p>The contract that makes sync exactly-once: {@link #store} writes a batch in one transaction, storing each
 * (gateway, seq) at most once however often and however concurrently it arrives, including from other endpoint
 * processes sharing the database; its future completes only after the commit.
 */
public interface CloudStore {
    /** Creates or migrates the schema; safe to run again and from several processes at once. */
    Future<Void> start();

    /**
     * Stores the records of {@code batch} not stored before and records the gateway's contact.
     *
     * @param receivedAt when the batch arrived, UTC epoch ms
     */
    Future<StoreResult> store(Batch batch, long receivedAt);

    /** Every gateway that has sent at least one batch, by id. */
    Future<List<GatewayStatus>> gateways();

    /** Records of one kind, oldest first, as the REST API shows them (see {@link Tables}). */
    Future<JsonArray> query(RecordKind kind, RecordQuery query);

    Future<Void> close();

    /**
     * @param acked      the highest seq of the batch: the gateway may forget everything up to it that it sent
     * @param stored     records stored now
     * @param duplicates records that had been stored before (a retried or overlapping batch)
     */
    record StoreResult(long acked, int stored, int duplicates) {
    }

    /**
     * @param newestRecordTime the latest record time (window end, change or alert time) received, UTC epoch ms
     */
    record GatewayStatus(String id, long firstContact, long lastContact, long highestSeq, long newestRecordTime,
                         long batches, long records) {
    }

    /**
     * A fleet query; null fields do not filter.
     *
     * @param name the metric of summaries or the class of detection counts; ignored for the other kinds
     * @param from inclusive, UTC epoch ms: windows ending after it, changes and alerts at or after it
     * @param to   exclusive, UTC epoch ms: windows starting before it, changes and alerts before it
     */
    record RecordQuery(String gateway, String device, String name, Long from, Long to, int limit) {
        public static final int DEFAULT_LIMIT = 1_000;
        public static final int MAX_LIMIT = 10_000;
    }
}
