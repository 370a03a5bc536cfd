package io.ganglion.runtime.store;

import io.ganglion.profiles.RejectReason;

/**
 * A refused message as kept in the store.
 *
 * @param deviceId      null when the message could not be attributed to a device
 * @param payload       at most {@link StoreWrite.Rejected#MAX_PAYLOAD} bytes of what arrived
 * @param payloadLength how many bytes arrived; more than {@code payload.length} when it was cut
 */
public record RejectedRecord(long id, long receivedAt, String transport, String deviceId, String address,
                             RejectReason reason, String detail, byte[] payload, int payloadLength) {

    /** True when only the first {@link StoreWrite.Rejected#MAX_PAYLOAD} bytes were kept. */
    public boolean truncated() {
        return payloadLength > payload.length;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
