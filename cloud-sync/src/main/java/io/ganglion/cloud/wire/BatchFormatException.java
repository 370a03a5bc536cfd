package io.ganglion.cloud.wire;

/** A batch that cannot be accepted: its message says why, and is what the endpoint answers (4xx). */
public final class BatchFormatException extends Exception {
    private final boolean tooLarge;

    public BatchFormatException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    public BatchFormatException(String message, Throwable cause) {
        super(message, cause);
        this.tooLarge = false;
    }

    /** Over a size limit (413), as opposed to malformed (400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
