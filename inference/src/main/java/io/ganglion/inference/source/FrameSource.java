package io.ganglion.inference.source;

/**
 * A source that fetches frames itself (a snapshot URL, an MJPEG stream, a folder), as opposed to frames pushed to
 * the gateway over MQTT, CoAP or HTTP upload. Each source runs on its own thread(s), reconnects on its own after a
 * failure, and stops when closed.
 */
public interface FrameSource extends AutoCloseable {
    /** Starts delivering to {@code sink}; returns at once. Called once. */
    void start(FrameSink sink);

    /** A short description for logs, e.g. {@code mjpeg http://10.0.0.7/video}. */
    String describe();

    /** Stops, waiting briefly for the source's thread to end. */
    @Override
    void close();
}
