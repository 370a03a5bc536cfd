package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.inference.GraphOptimization;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelSettings;
import io.ganglion.profiles.InvalidSettingException;
import java.nio.file.Path;

/**
 * One ONNX model the gateway loads at start (YAML: an entry of {@code vision.models}). Cameras refer to it by
 * {@code name}. Relative paths are relative to the gateway's working directory, like {@code store.path}. Whether the
 * files exist and fit the family is checked when the gateway starts (a missing file or a model of another family
 * stops it with exit code 2).
 *
 * @param family         yolox, classification, ultraface, ppocr or generic: fixes pre- and post-processing
 * @param path           the ONNX file (for ppocr: the text detector)
 * @param labels         class names, one per line; required by yolox (and by ppocr: its character list); optional
 *                       for classification (classes are then named class-N)
 * @param recognizer     ppocr only, and required there: the text recogniser's ONNX file
 * @param threads        ONNX Runtime threads per inference (1 to 64, default 1)
 * @param optimization   graph optimisation: none, basic, extended, all (default)
 * @param cacheDirectory where the optimised graph is kept between restarts; none: optimised at every start
 * @param scoreThreshold the model's own cut (0 to 1; default: the family's, 0.3 for yolox); a camera's confidence
 *                       cuts further
 * @param nmsIou         overlap above which the weaker box of one class is suppressed (0 to 1; default: the
 *                       family's, 0.45 for yolox)
 */
public record ModelConfig(String name, ModelFamily family, Path path, Path labels, Path recognizer, Integer threads,
                          GraphOptimization optimization, Path cacheDirectory, Double scoreThreshold, Double nmsIou) {
    public ModelConfig {
        identifier("name", name);
        if (family == null) {
            throw new InvalidSettingException("family", "one of " + ModelFamily.keys(), "nothing");
        }
        if (path == null) {
            throw new InvalidSettingException("path", "the model's ONNX file", "nothing");
        }
        boolean needsLabels = family == ModelFamily.YOLOX || family == ModelFamily.PPOCR;
        if (needsLabels && labels == null) {
            throw new InvalidSettingException("labels", "a labels file (one class per line) for family "
                    + family.key(), "nothing");
        }
        if (family == ModelFamily.PPOCR && recognizer == null) {
            throw new InvalidSettingException("recognizer", "the text recogniser's ONNX file for family ppocr",
                    "nothing");
        }
        if (family != ModelFamily.PPOCR && recognizer != null) {
            throw new InvalidSettingException("recognizer", "recognizer only with family ppocr", recognizer);
        }
        threads = inRange("threads", orDefault(threads, 1), 1, 64);
        optimization = orDefault(optimization, GraphOptimization.ALL);
        scoreThreshold = fraction("scoreThreshold", orDefault(scoreThreshold,
                (double) family.defaultScoreThreshold()));
        nmsIou = fraction("nmsIou", orDefault(nmsIou, (double) family.defaultNmsIou()));
    }

    /** A model with the default session and thresholds. */
    public static ModelConfig of(String name, ModelFamily family, Path path, Path labels) {
        return new ModelConfig(name, family, path, labels, null, null, null, null, null, null);
    }

    /** What the inference module loads. */
    public ModelSettings settings() {
        return new ModelSettings(name, family, path, labels, recognizer, threads, optimization, cacheDirectory,
                scoreThreshold.floatValue(), nmsIou.floatValue());
    }

    private static double fraction(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidSettingException(key, "a number from 0 to 1", value);
        }
        return value;
    }
}
