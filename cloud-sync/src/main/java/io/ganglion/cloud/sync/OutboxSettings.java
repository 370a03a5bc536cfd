package io.ganglion.cloud.sync;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The outbox's settings, checked when built.
 *
 * @param file       the SQLite file (its own file, not the reading store's); created when missing
 * @param quotaBytes the most payload bytes the outbox keeps; over it, records are sacrificed (docs/sync.md)
 * @param maxPending the most operations queued for the outbox's thread; more fail with {@link OutboxOverloadedException}
 */
public record OutboxSettings(Path file, long quotaBytes, int maxPending) {
    public static final long DEFAULT_QUOTA_BYTES = 256L * 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING = 1024;
    public static final long MIN_QUOTA_BYTES = 4096;

    public OutboxSettings {
        Objects.requireNonNull(file, "file");
        if (quotaBytes < MIN_QUOTA_BYTES) {
            throw new IllegalArgumentException("outbox quotaBytes must be at least " + MIN_QUOTA_BYTES + ", not "
                    + quotaBytes);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("outbox maxPending must be at least 1, not " + maxPending);
        }
    }

    public static OutboxSettings of(Path file) {
        return new OutboxSettings(file, DEFAULT_QUOTA_BYTES, DEFAULT_MAX_PENDING);
    }
}
