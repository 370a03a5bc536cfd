package io.ganglion.inference;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;

/** ONNX Runtime's graph optimisation levels, by the names used in configuration. */
public enum GraphOptimization {
    NONE(OptLevel.NO_OPT),
    BASIC(OptLevel.BASIC_OPT),
    EXTENDED(OptLevel.EXTENDED_OPT),
    ALL(OptLevel.ALL_OPT);

    private final OptLevel ortLevel;

    GraphOptimization(OptLevel ortLevel) {
        this.ortLevel = ortLevel;
    }

    public OptLevel ortLevel() {
        return ortLevel;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
