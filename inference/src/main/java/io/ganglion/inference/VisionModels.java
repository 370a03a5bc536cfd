package io.ganglion.inference;

import io.ganglion.inference.classify.ClassifierModel;
import io.ganglion.inference.detect.YoloxModel;
import io.ganglion.inference.face.UltraFaceModel;
import io.ganglion.inference.generic.GenericModel;
import io.ganglion.inference.ocr.PpOcrModel;

/** Loads a model by its family. Everything that can be wrong with a model is found here, before the first frame. */
public final class VisionModels {
    private VisionModels() {
    }

    /**
     * Opens the model's session(s), reads its labels and checks that its inputs and outputs are what its family
     * needs.
     *
     * @throws ModelException a missing or unreadable file, a model of another kind, labels that do not match;
     *                        the message names the model, the setting and the file
     */
    public static VisionModel load(ModelSettings settings) throws ModelException {
        return switch (settings.family()) {
            case YOLOX -> YoloxModel.load(settings);
            case CLASSIFICATION -> ClassifierModel.load(settings);
            case ULTRAFACE -> UltraFaceModel.load(settings);
            case GENERIC -> GenericModel.load(settings);
            case PPOCR -> PpOcrModel.load(settings);
        };
    }
}
