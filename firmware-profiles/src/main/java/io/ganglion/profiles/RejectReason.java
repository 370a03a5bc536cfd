package io.ganglion.profiles;

/**
 * Why a device message was refused. The {@link #label()} is the value of the {@code reason} label of
 * {@code ganglion_ingest_rejected_total} and of the {@code reason} field at {@code /api/v1/rejected}: keep it stable.
 */
public enum RejectReason {
    /** Not parseable in the profile's format (broken JSON, truncated struct). */
    MALFORMED("malformed"),
    /** Parseable, but a field has the wrong type (a string where a number belongs). */
    WRONG_TYPE("wrong_type"),
    /** A number that is NaN or infinite. */
    NOT_FINITE("not_finite"),
    /** Larger than the configured maximum payload size. */
    OVERSIZE("oversize"),
    /** The device is neither declared in configuration nor allowed to auto-register. */
    UNKNOWN_DEVICE("unknown_device"),
    /** The device's timestamp is too far in the future or the past to be believed. */
    TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range"),
    /** The message decoded to nothing to store. */
    EMPTY("empty"),
    /**
     * The device's model has no profile for the firmware it announced (or it announced none and its model has
     * several): decoding with a profile meant for other firmware could store wrong values.
     */
    FIRMWARE_MISMATCH("firmware_mismatch");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
