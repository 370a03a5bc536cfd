package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

/**
 * The frames channel of a camera ({@code camera}): what it sends on the frames topic or resource, and how the
 * gateway runs detection on it. Everything here is read by the vision pipeline, not by the telemetry decoder; a
 * camera's own telemetry (frame rate, dropped frames) is ordinary {@code metrics} and {@code telemetry}.
 *
 * @param format    the frame encoding, jpeg (default) or png
 * @param width     frame width in pixels, when fixed (the pipeline checks frames against it)
 * @param height    frame height in pixels, when fixed
 * @param fps       the highest frame rate the camera sends (1 to 60, default 5); frames beyond what inference keeps
 *                  up with are dropped and counted
 * @param detection what to detect; absent: frames are stored but not analysed
 */
public record CameraSpec(FrameFormat format, Integer width, Integer height, Integer fps, DetectionSpec detection) {
    /** How frames are encoded. */
    public enum FrameFormat {
        JPEG,
        PNG
    }

    public CameraSpec {
        format = orDefault(format, FrameFormat.JPEG);
        if (width != null) {
            inRange("width", width, 16, 8192);
        }
        if (height != null) {
            inRange("height", height, 16, 8192);
        }
        fps = inRange("fps", orDefault(fps, 5), 1, 60);
    }
}
