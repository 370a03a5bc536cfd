package io.ganglion.inference.ocr;

/**
 * A text region the detector found, already expanded and mapped into frame pixels.
 *
 * @param score the mean text probability of the region's pixels on the detector's map
 */
record TextBox(float x1, float y1, float x2, float y2, float score) {
    float width() {
        return x2 - x1;
    }

    float height() {
        return y2 - y1;
    }
}
