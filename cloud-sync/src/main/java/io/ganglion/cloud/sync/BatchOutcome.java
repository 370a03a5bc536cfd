package io.ganglion.cloud.sync;

/**
 * What became of one request of the uplink, for the gateway's dashboard ({@code recentBatches} of the sync status).
 *
 * @param atMs       when the answer (or the failure) came, epoch ms
 * @param records    records in the batch
 * @param highestSeq the highest sequence number in it
 * @param outcome    {@code acked}, {@code retried} (no answer, or an answer that is retried later) or {@code refused}
 *                   (parked until an operator requeues it)
 * @param detail     the HTTP status or the error, for people; null when acknowledged
 * @param millis     from sending to the answer
 */
public record BatchOutcome(long atMs, int records, long highestSeq, String outcome, String detail, long millis) {
}
