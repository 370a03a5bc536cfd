package io.ganglion.cloud.wire;

import java.util.Locale;

/**
 * The kinds of sync record, in order of sacrifice when the outbox is over its byte quota: summaries go first, alerts
 * last. Alerts also jump the queue when a batch is assembled.
 */
public enum RecordKind {
    SUMMARY(0),
    DETECTIONS(1),
    STATUS(2),
    ALERT(3);

    private final int priority;

    RecordKind(int priority) {
        this.priority = priority;
    }

    /** Higher is more important: sent first, sacrificed last. */
    public int priority() {
        return priority;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecordKind fromWire(String name) {
        for (RecordKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a record kind (summary, detections, status, alert)");
    }
}
