package io.ganglion.inference.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink as a source calls it: a sink that throws is logged (at most once a minute) and otherwise ignored, so a
 * bug downstream cannot end a source's thread or turn into a reconnect loop against the camera.
 */
final class GuardedSink implements FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedSink.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final FrameSink sink;
    private long lastLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;
    private long suppressed;

    GuardedSink(FrameSink sink) {
        this.sink = sink;
    }

    @Override
    public void frame(CameraFrame frame) {
        try {
            sink.frame(frame);
        } catch (RuntimeException e) {
            sinkFailed(frame.cameraId(), "frame", e);
        }
    }

    @Override
    public void problem(String cameraId, String message, Throwable cause) {
        try {
            sink.problem(cameraId, message, cause);
        } catch (RuntimeException e) {
            sinkFailed(cameraId, "problem", e);
        }
    }

    private synchronized void sinkFailed(String cameraId, String call, RuntimeException e) {
        long now = System.nanoTime();
        if (now - lastLogNanos < LOG_INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        LOG.warn("camera {}: the frame sink threw from {}() ({} more such failures not logged)", cameraId, call,
                suppressed, e);
        lastLogNanos = now;
        suppressed = 0;
    }
}
