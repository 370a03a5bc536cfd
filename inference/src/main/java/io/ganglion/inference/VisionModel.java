package io.ganglion.inference;

/**
 * A loaded model: its ONNX Runtime session(s), shared by every thread. Running it needs a {@link ModelRunner}, which
 * owns the reusable buffers; make one per worker thread. Closing the model closes its sessions: close the runners'
 * users first.
 */
public interface VisionModel extends AutoCloseable {
    ModelSettings settings();

    /** Class names, index = class id; empty for families without labels. */
    java.util.List<String> labels();

    /** A runner with its own buffers, for one thread at a time. */
    ModelRunner newRunner();

    @Override
    void close();
}
