package io.ganglion.runtime.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A snapshot of the store's state for the dashboard and {@code /api/v1/health}.
 *
 * @param usedBytes       live data, {@code (page_count - freelist_count) * page_size}, as of the latest commit
 * @param quotaBytes      the configured quota; above it the oldest readings are evicted
 * @param queueDepth      writes waiting for the writer
 * @param queueCapacity   writes the queue holds before {@link LocalStore#offer} refuses
 * @param evictedTotal    readings evicted to keep under the quota since this store was opened
 * @param quarantinedFile where a damaged database found at open was moved, if one was
 * @param lastCommitFailed whether the most recent transaction failed (disk full, I/O error)
 */
public record StoreStats(long usedBytes, long quotaBytes, int queueDepth, int queueCapacity, long evictedTotal,
                         Optional<Path> quarantinedFile, boolean lastCommitFailed) {
}
