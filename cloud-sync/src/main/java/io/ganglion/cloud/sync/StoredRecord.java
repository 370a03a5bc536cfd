package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchFormatException;
import io.ganglion.cloud.wire.SyncRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * A record as {@link Outbox#nextStoredBatch(BatchRequest)} takes it: its sequence number and its body as stored, not
 * decoded. A body is the record's JSON fragment ({@link BatchCodec#encodeRecord}), which a JSON request copies as it
 * is; an outbox file written by an older gateway may still hold CBOR one-record batches ({@code json} false).
 */
public record StoredRecord(long seq, byte[] body, boolean json) {
    /** The record: what the body says. */
    public SyncRecord decode() throws BatchFormatException {
        if (json) {
            return BatchCodec.decodeRecord(body);
        }
        Batch one = BatchCodec.decode(body, BatchCodec.Format.CBOR, false, Integer.MAX_VALUE);
        return one.records().get(0);
    }

    /** The record's JSON fragment: the body, or for a CBOR body the record encoded again. */
    byte[] jsonFragment() throws BatchFormatException {
        return json ? body : BatchCodec.encodeRecord(decode());
    }

    /**
     * A request body for these records, in their order: in JSON the stored fragments joined ({@link
     * BatchCodec#assembleJson}), in CBOR the records decoded and encoded again.
     */
    static byte[] requestBody(String gatewayId, List<StoredRecord> records, BatchCodec.Format format, boolean gzip)
            throws BatchFormatException {
        if (format == BatchCodec.Format.JSON) {
            List<byte[]> fragments = new ArrayList<>(records.size());
            for (StoredRecord r : records) {
                fragments.add(r.jsonFragment());
            }
            return BatchCodec.assembleJson(gatewayId, fragments, gzip);
        }
        List<SyncRecord> decoded = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            decoded.add(r.decode());
        }
        return BatchCodec.encode(new Batch(gatewayId, decoded), format, gzip);
    }
}
