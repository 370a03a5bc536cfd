package io.ganglion.profiles;

/**
 * A payload that a profile cannot turn into readings. Carries the {@link RejectReason} that is counted and shown, and
 * a message for a person that says what was wrong and what was expected.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public DecodeException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DecodeException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
