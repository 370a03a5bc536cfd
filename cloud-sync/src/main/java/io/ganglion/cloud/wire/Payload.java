package io.ganglion.cloud.wire;

/**
 * What a sync record carries: one of the four kinds a gateway sends to the cloud. Each is a digest, never a raw
 * reading: the uplink is slow, metered and often down.
 */
public sealed interface Payload permits Summary, DetectionCount, StatusChange, Alert {
    /** The kind's name on the wire, e.g. {@code summary}. */
    RecordKind kind();

    /** The device (or camera) the record is about. */
    String device();

    /** The record's time, UTC epoch milliseconds: a window's end, or when a change or alert happened. */
    long time();
}
