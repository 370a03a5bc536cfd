package io.ganglion.runtime.store;

import java.util.List;
import java.util.Objects;

/**
 * One thing a camera's model found in one frame, as stored.
 *
 * @param id          the row id; 0 before it is stored
 * @param camera      the camera (device id)
 * @param frameTime   the frame's time, UTC epoch milliseconds
 * @param model       the configured model's name
 * @param classId     the class index in the model's labels (-1 for text lines)
 * @param label       the class name, e.g. {@code car}
 * @param score       0 to 1
 * @param x1          the box, in pixels of the frame, from its top left
 * @param frameWidth  the frame's size, which the box refers to
 * @param zones       the configured zones the box's bottom-centre point is in; empty when none
 * @param text        text read (PP-OCR), else null
 */
public record DetectionRecord(long id, String camera, long frameTime, String model, int classId, String label,
                              float score, float x1, float y1, float x2, float y2, int frameWidth, int frameHeight,
                              List<String> zones, String text) {
    public DetectionRecord {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(label, "label");
        zones = List.copyOf(zones);
    }
}
