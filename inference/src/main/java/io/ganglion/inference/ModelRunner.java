package io.ganglion.inference;

import io.ganglion.inference.image.Frame;

/**
 * Runs a model on frames, reusing its input buffers from one frame to the next, so that steady operation allocates
 * little beyond the results. Not thread-safe: one runner per worker thread.
 */
public interface ModelRunner extends AutoCloseable {
    /** Runs the model on a decoded frame. */
    VisionResult run(Frame frame) throws InferenceException;

    /** Decodes a JPEG (reusing the previous frame's pixel buffer when the size is the same) and runs the model. */
    VisionResult runJpeg(byte[] jpeg) throws InferenceException;

    @Override
    void close();
}
