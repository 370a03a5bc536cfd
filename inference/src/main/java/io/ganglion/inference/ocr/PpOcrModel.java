package io.ganglion.inference.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganglion.inference.Labels;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.ort.OrtSessions;
import io.ganglion.inference.ort.TensorShapes;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * PP-OCR text reading: the DB text detector finds text lines, the CTC recogniser reads each one. Each line is a
 * {@link io.ganglion.inference.Detection} with class -1, label {@code text}, its box in frame pixels, the text read,
 * and as score the recogniser's mean character probability; lines scoring below the settings' score threshold, or
 * read as nothing, are dropped. Lines come in reading order (top to bottom, left to right), not by score: a reader of
 * signs or labels wants them in the order they are written.
 *
 * <p>Settings: {@code path} is the detector (ch_PP-OCRv4_det_infer.onnx), {@code recognizer} the recogniser
 * (ch_PP-OCRv4_rec_infer.onnx), {@code labels} its character list (ppocr_keys_v1.txt, kept as written: a line may be
 * a space). Both sessions use the settings' threads, optimisation level and cache. The score threshold applies to
 * the recogniser's line score (PaddleOCR drops below 0.5); the detector's thresholds are PaddleOCR's defaults (text
 * pixel 0.3, box 0.6, unclip ratio 1.5), fixed because they belong to the model's training, not to a site.
 *
 * <p>Differences from PaddleOCR's pipeline, each for a reason: boxes are axis-aligned rectangles (see
 * {@code TextRegions}), so a tilted line is read from a looser crop and a vertical column of characters is not
 * turned before reading; frames whose longer side exceeds 960 pixels are scaled down for the detector (PaddleOCR's
 * det_limit_side_len) but crops are always taken from the full frame; short lines are padded to 160 pixels rather
 * than 320 (see {@code PpOcrRunner.REC_MIN_WIDTH}); there is no text-direction classifier, so upside-down text is
 * not read.
 *
 * <p>Load-time checks, so that a gateway refuses a wrong file at start rather than reading garbage: the detector
 * takes one float {@code [1 or -1,3,-1,-1]} image and returns a 4-D map with one channel; the recogniser takes
 * {@code [*,3,48,-1]} and returns {@code [N,T,classes]} where classes is the character list plus the CTC blank and the
 * space. Each model is also run once on a blank input, which tells the recogniser's time-step width (8 pixels for
 * PP-OCRv4) and confirms the detector's map has the input's size; the output buffers are bound to ONNX Runtime on
 * those sizes.
 */
public final class PpOcrModel implements VisionModel {
    /** The recogniser's input height, fixed by PP-OCR's training. */
    static final int REC_HEIGHT = 48;
    private static final int PROBE_WIDTH = 320;
    private static final int PROBE_MAP = 64;

    private final ModelSettings settings;
    private final List<String> characters;
    private final OrtSession detector;
    private final OrtSession recognizer;
    private final String detectorInput;
    private final String detectorOutput;
    private final String recognizerInput;
    private final String recognizerOutput;
    private final int recognizerStride;
    private final int recognizerBatch;

    private PpOcrModel(ModelSettings settings, List<String> characters, OrtSession detector,
                       TensorShapes detectorShapes, OrtSession recognizer, TensorShapes recognizerShapes,
                       int recognizerStride) {
        this.settings = settings;
        this.characters = characters;
        this.detector = detector;
        this.recognizer = recognizer;
        this.detectorInput = detectorShapes.input(0).name();
        this.detectorOutput = detectorShapes.output(0).name();
        this.recognizerInput = recognizerShapes.input(0).name();
        this.recognizerOutput = recognizerShapes.output(0).name();
        this.recognizerStride = recognizerStride;
        this.recognizerBatch = recognizerShapes.input(0).shape()[0] == 1 ? 1 : PpOcrRunner.MAX_BATCH;
    }

    /**
     * Loads the detector, the recogniser and the character list, and checks that they fit together.
     *
     * @throws ModelException a setting is missing, a file is missing or unreadable, or a file is not what its key
     *                        says (the message names the key, the file, what was expected and what was found)
     */
    public static VisionModel load(ModelSettings settings) throws ModelException {
        String name = settings.name();
        if (settings.recognizer() == null) {
            throw new ModelException("model " + name + ": family ppocr needs recognizer, the text recogniser's ONNX"
                    + " file (e.g. ch_PP-OCRv4_rec_infer.onnx); it is not set");
        }
        if (settings.labels() == null) {
            throw new ModelException("model " + name + ": family ppocr needs labels, the recogniser's character list"
                    + " (e.g. ppocr_keys_v1.txt); it is not set");
        }
        List<String> characters = Labels.read(settings.labels(), name, "labels", false);
        OrtSession detector = OrtSessions.open(settings, settings.model(), "path");
        OrtSession recognizer = null;
        try {
            TensorShapes detectorShapes = shapes(detector, settings, settings.model(), "path");
            checkDetector(settings, detectorShapes);
            recognizer = OrtSessions.open(settings, settings.recognizer(), "recognizer");
            TensorShapes recognizerShapes = shapes(recognizer, settings, settings.recognizer(), "recognizer");
            checkRecognizer(settings, recognizerShapes, characters.size());
            probeDetector(settings, detector, detectorShapes);
            int stride = probeRecognizer(settings, recognizer, recognizerShapes, characters.size());
            return new PpOcrModel(settings, characters, detector, detectorShapes, recognizer, recognizerShapes,
                    stride);
        } catch (ModelException | RuntimeException e) {
            closeQuietly(recognizer);
            closeQuietly(detector);
            throw e;
        }
    }

    private static TensorShapes shapes(OrtSession session, ModelSettings settings, Path file, String key)
            throws ModelException {
        try {
            return TensorShapes.of(session);
        } catch (ModelException e) {
            throw new ModelException("model " + settings.name() + ": " + key + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkDetector(ModelSettings settings, TensorShapes shapes) throws ModelException {
        boolean fits = shapes.inputs().size() == 1 && !shapes.outputs().isEmpty()
                && TensorShapes.matches(shapes.input(0), -1, 3, -1, -1)
                && batchOfOne(shapes.input(0).shape()[0])
                && shapes.input(0).shape()[2] == -1 && shapes.input(0).shape()[3] == -1
                && TensorShapes.matches(shapes.output(0), -1, 1, -1, -1);
        if (!fits) {
            throw new ModelException("model " + settings.name() + ": path " + settings.model()
                    + " is not a PP-OCR text detector: expected one float input [1,3,-1,-1] or [-1,3,-1,-1]"
                    + " (an image of any size) and a float output [*,1,*,*] (the text probability map); found "
                    + shapes);
        }
    }

    private static void checkRecognizer(ModelSettings settings, TensorShapes shapes, int characters)
            throws ModelException {
        boolean fits = shapes.inputs().size() == 1 && !shapes.outputs().isEmpty()
                && TensorShapes.matches(shapes.input(0), -1, 3, REC_HEIGHT, -1)
                && batchOfOne(shapes.input(0).shape()[0])
                && shapes.input(0).shape()[3] == -1
                && TensorShapes.matches(shapes.output(0), -1, -1, -1);
        if (!fits) {
            throw new ModelException("model " + settings.name() + ": recognizer " + settings.recognizer()
                    + " is not a PP-OCR text recogniser: expected one float input [*,3,48,-1] (text lines 48 pixels"
                    + " high, any width) and a float output [N,T,classes] (CTC probabilities); found " + shapes);
        }
        long classes = shapes.output(0).shape()[2];
        if (classes != -1) {
            checkClasses(settings, classes, characters);
        }
    }

    private static boolean batchOfOne(long batch) {
        return batch == 1 || batch == -1;
    }

    private static void checkClasses(ModelSettings settings, long classes, int characters) throws ModelException {
        if (classes != characters + 2L) {
            throw new ModelException("model " + settings.name() + ": labels " + settings.labels() + " has "
                    + characters + " characters, but recognizer " + settings.recognizer() + " reads " + classes
                    + " classes: expected the recogniser's character list, " + (classes - 2) + " lines (its "
                    + classes + " classes less the CTC blank and the space)");
        }
    }

    /** Runs the detector on a blank image: its map must have the input's size, as the runner's buffers assume. */
    private static void probeDetector(ModelSettings settings, OrtSession detector, TensorShapes shapes)
            throws ModelException {
        long[] input = {1, 3, PROBE_MAP, PROBE_MAP};
        long[] output = probe(settings, detector, shapes, input, settings.model(), "path");
        if (!Arrays.equals(output, new long[] {1, 1, PROBE_MAP, PROBE_MAP})) {
            throw new ModelException("model " + settings.name() + ": path " + settings.model()
                    + " is not a PP-OCR text detector: expected a probability map of the input's size, [1,1,"
                    + PROBE_MAP + "," + PROBE_MAP + "] for a " + PROBE_MAP + "x" + PROBE_MAP + " image; found "
                    + Arrays.toString(output));
        }
    }

    /** Runs the recogniser on a blank line; returns how many pixels of width make one CTC time step. */
    private static int probeRecognizer(ModelSettings settings, OrtSession recognizer, TensorShapes shapes,
                                       int characters) throws ModelException {
        long[] input = {1, 3, REC_HEIGHT, PROBE_WIDTH};
        long[] output = probe(settings, recognizer, shapes, input, settings.recognizer(), "recognizer");
        if (output.length != 3 || output[0] != 1 || output[1] < 1 || PROBE_WIDTH % output[1] != 0) {
            throw new ModelException("model " + settings.name() + ": recognizer " + settings.recognizer()
                    + " is not a PP-OCR text recogniser: expected [1,T,classes] with T dividing the width for a"
                    + " 48x" + PROBE_WIDTH + " line; found " + Arrays.toString(output));
        }
        checkClasses(settings, output[2], characters);
        return (int) (PROBE_WIDTH / output[1]);
    }

    private static long[] probe(ModelSettings settings, OrtSession session, TensorShapes shapes, long[] input,
                                Path file, String key) throws ModelException {
        int size = (int) (input[0] * input[1] * input[2] * input[3]);
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.allocate(size),
                input);
             OrtSession.Result result = session.run(Map.of(shapes.input(0).name(), tensor))) {
            return ((OnnxTensor) result.get(0)).getInfo().getShape();
        } catch (OrtException | ClassCastException e) {
            throw new ModelException("model " + settings.name() + ": " + key + " " + file + " fails on a blank "
                    + Arrays.toString(input) + " input: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // Closing after a failed load: the load's own error is the one to report.
            }
        }
    }

    @Override
    public ModelSettings settings() {
        return settings;
    }

    /** The recogniser's character list (index i = CTC class i + 1). */
    @Override
    public List<String> labels() {
        return characters;
    }

    @Override
    public ModelRunner newRunner() {
        return new PpOcrRunner(this);
    }

    @Override
    public void close() {
        closeQuietly(recognizer);
        closeQuietly(detector);
    }

    OrtSession detector() {
        return detector;
    }

    OrtSession recognizer() {
        return recognizer;
    }

    String detectorInput() {
        return detectorInput;
    }

    String detectorOutput() {
        return detectorOutput;
    }

    String recognizerInput() {
        return recognizerInput;
    }

    String recognizerOutput() {
        return recognizerOutput;
    }

    int recognizerStride() {
        return recognizerStride;
    }

    int recognizerBatch() {
        return recognizerBatch;
    }
}
