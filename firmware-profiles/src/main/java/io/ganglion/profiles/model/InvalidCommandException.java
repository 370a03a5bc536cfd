package io.ganglion.profiles.model;

/**
 * A command that cannot be sent as asked: the profile has no such command, or a parameter is unknown, missing, of the
 * wrong type or out of range. The message names the command and the parameter and says what was expected; the
 * {@link #reason()} lets an API choose its status (404 for an unknown command, 400 for the rest).
 */
public final class InvalidCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        UNKNOWN_COMMAND,
        UNKNOWN_PARAMETER,
        MISSING_PARAMETER,
        WRONG_TYPE,
        OUT_OF_RANGE
    }

    private final Reason reason;

    public InvalidCommandException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
