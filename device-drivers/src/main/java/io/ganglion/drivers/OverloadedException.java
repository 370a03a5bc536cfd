package io.ganglion.drivers;

/**
 * The ingest pipeline's bounded queue is full. Not an error of the message: the driver keeps it and retries after
 * applying back-pressure. Carries no stack trace because it is an expected, frequent outcome under load.
 */
public final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
        super(message, null, false, false);
    }
}
