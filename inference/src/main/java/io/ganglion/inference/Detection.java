package io.ganglion.inference;

import java.util.Objects;

/**
 * One thing a model found in a frame. Boxes are in pixels of the original frame, from its top left, clipped to it.
 * A classification is a detection whose box is the whole frame; a text line read by PP-OCR carries its text.
 *
 * @param classId the class index in the model's labels (-1 for text lines)
 * @param label   the class name, e.g. {@code car}; {@code text} for text lines
 * @param score   0 to 1
 * @param text    the text read, for PP-OCR; null otherwise
 */
public record Detection(int classId, String label, float score, float x1, float y1, float x2, float y2,
                        String text) {
    public Detection {
        Objects.requireNonNull(label, "label");
    }

    public Detection(int classId, String label, float score, float x1, float y1, float x2, float y2) {
        this(classId, label, score, x1, y1, x2, y2, null);
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float centerX() {
        return (x1 + x2) / 2;
    }

    public float centerY() {
        return (y1 + y2) / 2;
    }
}
