package io.ganglion.inference;

/**
 * A model that cannot be used as configured: a missing or unreadable file, a model whose inputs or outputs do not
 * fit its family, a labels file that does not match the model. Raised at load time, so that a gateway refuses to
 * start instead of failing on the first frame. The message names the file and what was expected.
 */
public final class ModelException extends Exception {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
