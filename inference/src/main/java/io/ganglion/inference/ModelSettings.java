package io.ganglion.inference;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One model as configured: where its files are, which family it is, and how its ONNX Runtime session runs.
 *
 * @param name           the name cameras refer to it by
 * @param family         fixes pre- and post-processing
 * @param model          the ONNX file (for PP-OCR: the text detector)
 * @param labels         class names, one per line, line i = class i; required by yolox and classification
 *                       (for PP-OCR: the recogniser's character list)
 * @param recognizer     PP-OCR only: the text recogniser's ONNX file
 * @param threads        ONNX Runtime intra-op threads per session run (1 to 64)
 * @param optimization   graph optimisation level
 * @param cacheDirectory where the optimised graph is kept between restarts; null: optimise at every start
 * @param scoreThreshold detections and text boxes scoring below this are dropped (0 to 1)
 * @param nmsIou         overlap above which the weaker of two boxes of one class is suppressed (0 to 1)
 */
public record ModelSettings(String name, ModelFamily family, Path model, Path labels, Path recognizer, int threads,
                            GraphOptimization optimization, Path cacheDirectory, float scoreThreshold,
                            float nmsIou) {
    public ModelSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimization, "optimization");
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1 to 64, not " + threads);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1) || !(nmsIou >= 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("scoreThreshold and nmsIou must be from 0 to 1");
        }
    }

    /** A model with the default session (1 thread, all optimisations, no cache) and its family's thresholds. */
    public static ModelSettings of(String name, ModelFamily family, Path model, Path labels) {
        return new ModelSettings(name, family, model, labels, null, 1, GraphOptimization.ALL, null,
                family.defaultScoreThreshold(), family.defaultNmsIou());
    }

    public ModelSettings withRecognizer(Path recognizerFile) {
        return new ModelSettings(name, family, model, labels, recognizerFile, threads, optimization, cacheDirectory,
                scoreThreshold, nmsIou);
    }

    public ModelSettings withSession(int sessionThreads, GraphOptimization level, Path cache) {
        return new ModelSettings(name, family, model, labels, recognizer, sessionThreads, level, cache,
                scoreThreshold, nmsIou);
    }

    public ModelSettings withScoreThreshold(float threshold) {
        return new ModelSettings(name, family, model, labels, recognizer, threads, optimization, cacheDirectory,
                threshold, nmsIou);
    }
}
