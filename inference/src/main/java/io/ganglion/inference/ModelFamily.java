package io.ganglion.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What kind of model a file is. The family fixes the pre-processing (size, channel order, normalisation) and the
 * post-processing (grid decoding, NMS, softmax, CTC), so a site engineer configures a path and a family, never
 * tensor layouts. Each family checks at load time that the model's inputs and outputs have the shapes it needs.
 */
public enum ModelFamily {
    /** YOLOX object detection: letterbox, grid decoding, per-class NMS. Labels from a file, one per line. */
    YOLOX("yolox", 0.3f, 0.45f),
    /** Image classification, MobileNet-style: resize, ImageNet normalisation, softmax, top-k classes. */
    CLASSIFICATION("classification", 0.05f, 1f),
    /** Face detection with the Ultra-Light (UltraFace) detector: boxes already decoded, NMS. */
    ULTRAFACE("ultraface", 0.7f, 0.3f),
    /** Text reading with PP-OCR: detection (DB), then recognition with greedy CTC decoding. */
    PPOCR("ppocr", 0.5f, 1f),
    /** Any model: the frame resized into the first input, the outputs returned as raw tensors. */
    GENERIC("generic", 0f, 1f);

    private final String key;
    private final float defaultScoreThreshold;
    private final float defaultNmsIou;

    /**
     * @param defaultScoreThreshold the threshold of the family's reference code: YOLOX's demo 0.3, UltraFace's 0.7,
     *                              a recognised text line's mean character probability 0.5 for PP-OCR, and for
     *                              classification 5 % (the top classes above it are reported)
     * @param defaultNmsIou         YOLOX's 0.45 and UltraFace's 0.3; 1 where the family does no suppression
     */
    ModelFamily(String key, float defaultScoreThreshold, float defaultNmsIou) {
        this.key = key;
        this.defaultScoreThreshold = defaultScoreThreshold;
        this.defaultNmsIou = defaultNmsIou;
    }

    public float defaultScoreThreshold() {
        return defaultScoreThreshold;
    }

    public float defaultNmsIou() {
        return defaultNmsIou;
    }

    /** The name used in configuration files and on the command line. */
    public String key() {
        return key;
    }

    /** The family for a configuration name, or an {@link IllegalArgumentException} listing the names it takes. */
    public static ModelFamily fromKey(String name) {
        for (ModelFamily family : values()) {
            if (family.key.equals(name.toLowerCase(Locale.ROOT))) {
                return family;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a model family; expected one of " + keys());
    }

    public static String keys() {
        return Arrays.stream(values()).map(ModelFamily::key).collect(Collectors.joining(", "));
    }
}
