package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local SQLite store (YAML: {@code store}).
 *
 * @param path             the database file; its directory is created when missing
 * @param quotaBytes       the most bytes the live data may take; above it the oldest raw readings are evicted
 * @param queueCapacity    messages waiting for the writer; when full, back-pressure reaches the devices
 * @param batchMaxReadings the most readings one group commit takes
 * @param batchMaxDelay    how long the writer waits to fill a batch once it has something to write
 * @param synchronous      FULL: a commit is on disk before it is acknowledged, surviving power loss; NORMAL: survives a
 *                         process crash but a power cut may lose the last commits (SQLite WAL semantics)
 * @param rejectedKeep     how many rejected messages are kept for inspection (oldest deleted first)
 * @param detectionsKeep   how many camera detections are kept (oldest deleted first)
 * @param windowsKeep      how many detection windows (one per camera and window) are kept (oldest deleted first)
 */
public record StoreConfig(Path path, Long quotaBytes, Integer queueCapacity, Integer batchMaxReadings,
                          Duration batchMaxDelay, SyncMode synchronous, Integer rejectedKeep, Integer detectionsKeep,
                          Integer windowsKeep) {
    public static final Path DEFAULT_PATH = Path.of("data", "ganglion.db");
    public static final long DEFAULT_QUOTA_BYTES = 1024L * 1024 * 1024;
    public static final int DEFAULT_QUEUE_CAPACITY = 20_000;
    public static final int DEFAULT_BATCH_MAX_READINGS = 5_000;
    public static final Duration DEFAULT_BATCH_MAX_DELAY = Duration.ofMillis(2);
    public static final int DEFAULT_REJECTED_KEEP = 1_000;
    public static final int DEFAULT_DETECTIONS_KEEP = 1_000_000;
    public static final int DEFAULT_WINDOWS_KEEP = 100_000;

    /** SQLite's {@code PRAGMA synchronous} levels that are safe in WAL mode. */
    public enum SyncMode { FULL, NORMAL }

    public StoreConfig {
        path = orDefault(path, DEFAULT_PATH);
        quotaBytes = inRange("quotaBytes", orDefault(quotaBytes, DEFAULT_QUOTA_BYTES), 1L << 20, Long.MAX_VALUE);
        queueCapacity = inRange("queueCapacity", orDefault(queueCapacity, DEFAULT_QUEUE_CAPACITY), 1, 10_000_000);
        batchMaxReadings = inRange("batchMaxReadings", orDefault(batchMaxReadings, DEFAULT_BATCH_MAX_READINGS),
                1, 1_000_000);
        batchMaxDelay = inRange("batchMaxDelay", orDefault(batchMaxDelay, DEFAULT_BATCH_MAX_DELAY),
                Duration.ZERO, Duration.ofSeconds(10));
        synchronous = orDefault(synchronous, SyncMode.FULL);
        rejectedKeep = inRange("rejectedKeep", orDefault(rejectedKeep, DEFAULT_REJECTED_KEEP), 1, 1_000_000);
        detectionsKeep = inRange("detectionsKeep", orDefault(detectionsKeep, DEFAULT_DETECTIONS_KEEP), 1,
                100_000_000);
        windowsKeep = inRange("windowsKeep", orDefault(windowsKeep, DEFAULT_WINDOWS_KEEP), 1, 10_000_000);
    }

    /** Without the vision settings (their defaults). */
    public StoreConfig(Path path, Long quotaBytes, Integer queueCapacity, Integer batchMaxReadings,
                       Duration batchMaxDelay, SyncMode synchronous, Integer rejectedKeep) {
        this(path, quotaBytes, queueCapacity, batchMaxReadings, batchMaxDelay, synchronous, rejectedKeep, null, null);
    }

    public static StoreConfig defaults() {
        return new StoreConfig(null, null, null, null, null, null, null, null, null);
    }

    public StoreConfig withPath(Path newPath) {
        return new StoreConfig(newPath, quotaBytes, queueCapacity, batchMaxReadings, batchMaxDelay, synchronous,
                rejectedKeep, detectionsKeep, windowsKeep);
    }
}
