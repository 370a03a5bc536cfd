package io.ganglion.inference;

import java.util.List;

/**
 * What a model made of one frame.
 *
 * @param frameWidth  the frame's width in pixels, which the boxes refer to
 * @param frameHeight the frame's height in pixels
 * @param detections  best first for classification; for detectors, after NMS, in descending score; for text
 *                    lines (PP-OCR), in reading order: top to bottom, left to right
 * @param raw         the outputs of a generic model; empty for the other families
 * @param times       where the time went
 */
public record VisionResult(int frameWidth, int frameHeight, List<Detection> detections, List<RawTensor> raw,
                           StageTimes times) {
    public VisionResult {
        detections = List.copyOf(detections);
        raw = List.copyOf(raw);
    }
}
