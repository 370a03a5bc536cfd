package io.ganglion.inference;

/** One frame could not be analysed: an undecodable image, or an ONNX Runtime error on this input. */
public final class InferenceException extends Exception {
    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
