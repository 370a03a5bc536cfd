package io.ganglion.drivers;

import io.ganglion.profiles.RejectReason;

/**
 * What became of a submitted message once it was durably handled: stored, or rejected with a reason (and the
 * rejection recorded). MQTT acknowledges both alike; CoAP answers 2.04 for one and 4.00 with the detail for the other.
 *
 * @param reason null when stored
 * @param detail what was wrong, for the device's developer; empty when stored
 */
public record IngestResult(RejectReason reason, String detail) {
    public static final IngestResult STORED = new IngestResult(null, "");

    public static IngestResult rejected(RejectReason reason, String detail) {
        return new IngestResult(java.util.Objects.requireNonNull(reason, "reason"), detail == null ? "" : detail);
    }

    public boolean isStored() {
        return reason == null;
    }
}
