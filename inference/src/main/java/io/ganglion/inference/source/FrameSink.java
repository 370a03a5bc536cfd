package io.ganglion.inference.source;

/**
 * Where a {@link FrameSource} delivers. Called from the source's own thread; implementations must return quickly
 * (the camera pipeline only swaps the frame into the camera's newest-frame slot).
 */
public interface FrameSink {
    void frame(CameraFrame frame);

    /**
     * The source could not deliver: the camera is unreachable, answered with an error, or sent something that is
     * not a frame. Sources keep retrying after a problem; this is for counting and a rate-limited log line.
     */
    void problem(String cameraId, String message, Throwable cause);
}
