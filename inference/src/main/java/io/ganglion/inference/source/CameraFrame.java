package io.ganglion.inference.source;

import java.util.Objects;

/**
 * One encoded frame as a source delivered it, before decoding.
 *
 * @param cameraId   the camera (device id) it belongs to
 * @param jpeg       the encoded image, normally JPEG
 * @param capturedAt UTC epoch milliseconds: the camera's time when the source knows it, else the receive time
 * @param origin     where it came from, for logs and the rejected-frame record, e.g. {@code mjpeg http://...}
 */
public record CameraFrame(String cameraId, byte[] jpeg, long capturedAt, String origin) {
    public CameraFrame {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(origin, "origin");
    }
}
