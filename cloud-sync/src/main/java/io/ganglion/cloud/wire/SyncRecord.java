package io.ganglion.cloud.wire;

import java.util.Objects;

/**
 * One record of a gateway's outbox: its sequence number and what it carries. The sequence number is the gateway's,
 * monotonically increasing, never reused (it survives restarts); the cloud stores each (gateway, seq) at most once,
 * which is what makes a retried batch harmless.
 */
public record SyncRecord(long seq, Payload payload) {
    public SyncRecord {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, not " + seq);
        }
        Objects.requireNonNull(payload, "payload");
    }
}
