package io.ganglion.cloud.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one POST to {@code /api/v1/gateways/{gatewayId}/batches} carries: some of a gateway's outbox records, not
 * necessarily contiguous (alerts jump the queue), each sequence number at most once.
 */
public record Batch(String gatewayId, List<SyncRecord> records) {
    public static final int MAX_RECORDS = 10_000;

    public Batch {
        WireChecks.text("gatewayId", gatewayId);
        records = List.copyOf(records);
        if (records.isEmpty() || records.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("a batch carries 1 to " + MAX_RECORDS + " records, not "
                    + records.size());
        }
        Set<Long> seen = new HashSet<>();
        for (SyncRecord record : records) {
            if (!seen.add(record.seq())) {
                throw new IllegalArgumentException("seq " + record.seq() + " appears twice in the batch");
            }
        }
        Objects.requireNonNull(gatewayId);
    }

    public long highestSeq() {
        return records.stream().mapToLong(SyncRecord::seq).max().orElseThrow();
    }
}
