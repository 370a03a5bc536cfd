package io.ganglion.runtime.ingest;

import io.ganglion.inference.source.CameraFrame;

/**
 * Where the ingest pipeline hands camera frames (the FRAMES channel of MQTT and CoAP): the vision pipeline, which
 * takes a frame into the camera's newest-frame slot without blocking.
 */
public interface FrameIntake {
    /** No cameras: every frame is refused. */
    FrameIntake NONE = new FrameIntake() {
        @Override
        public int maxFrameBytes() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean isCamera(String deviceId) {
            return false;
        }

        @Override
        public boolean offer(CameraFrame frame) {
            return false;
        }
    };

    /** Frames larger than this are refused as oversize ({@code vision.maxFrameBytes}). */
    int maxFrameBytes();

    /** Whether the device is a camera the vision pipeline analyses. */
    boolean isCamera(String deviceId);

    /** Takes a frame without blocking; false when it could not (not a camera, or stopping). */
    boolean offer(CameraFrame frame);
}
