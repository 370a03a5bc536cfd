package io.ganglion.cloud.sync;

/**
 * What {@link Outbox#nextBatch(BatchRequest)} may take: at most {@code maxRecords} records and about
 * {@code maxBytes} stored payload bytes (one record is always taken, however large). Records with a sequence number
 * below {@code liveFromSeq} are backlog (appended before an outage began) and at most {@code maxBacklogRecords} of
 * them are taken, after the alerts and after the live records.
 */
public record BatchRequest(int maxRecords, long maxBytes, long liveFromSeq, int maxBacklogRecords) {
    public BatchRequest {
        if (maxRecords < 1 || maxBytes < 1 || maxBacklogRecords < 0 || liveFromSeq < 0) {
            throw new IllegalArgumentException("maxRecords and maxBytes must be >= 1, maxBacklogRecords and "
                    + "liveFromSeq >= 0: " + maxRecords + ", " + maxBytes + ", " + maxBacklogRecords + ", "
                    + liveFromSeq);
        }
    }

    /** No outage: everything is live, oldest first after the alerts. */
    public static BatchRequest of(int maxRecords, long maxBytes) {
        return new BatchRequest(maxRecords, maxBytes, 0, 0);
    }
}
