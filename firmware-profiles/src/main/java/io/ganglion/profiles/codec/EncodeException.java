package io.ganglion.profiles.codec;

/** Samples that a codec cannot put into a payload: an undeclared field, or a value its type cannot hold. */
public final class EncodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public EncodeException(String message) {
        super(message);
    }

    public EncodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
