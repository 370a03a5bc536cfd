package io.ganglion.inference.classify;

import ai.onnxruntime.OrtSession;
import io.ganglion.inference.Detection;
import io.ganglion.inference.Labels;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.TensorWriter;
import io.ganglion.inference.image.TensorWriter.ChannelOrder;
import io.ganglion.inference.image.TensorWriter.Normalisation;
import io.ganglion.inference.ort.OrtSessions;
import io.ganglion.inference.ort.SessionModel;
import io.ganglion.inference.ort.PinnedIo;
import io.ganglion.inference.ort.PinnedRunner;
import io.ganglion.inference.ort.TensorShapes;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Image classification, MobileNet-style (ImageNet models of the ONNX model zoo): input {@code [N,3,H,W]} (224 x
 * 224 when not fixed), output {@code [N,classes]} logits or probabilities. Pre-processing is the torchvision
 * evaluation transform those models were trained for: the central square of side 224/256 of the shorter side,
 * resized to the input, RGB, ImageNet mean and standard deviation. The result is the best classes (up to
 * {@link #TOP}) whose softmax probability reaches the threshold, each a detection whose box is the whole frame.
 */
public final class ClassifierModel extends SessionModel {
    static final int TOP = 5;
    private static final int DEFAULT_SIDE = 224;
    private static final float CROP = 224f / 256f;
    private static final Normalisation IMAGENET = Normalisation.meanStd(new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});

    private final List<String> labels;
    private final String inputName;
    private final String outputName;
    private final int inputWidth;
    private final int inputHeight;
    private final int classes;

    private ClassifierModel(ModelSettings settings, OrtSession session, List<String> labels, TensorShapes shapes) {
        super(settings, session);
        this.labels = labels;
        this.inputName = shapes.input(0).name();
        this.outputName = shapes.output(0).name();
        long h = shapes.input(0).shape()[2];
        long w = shapes.input(0).shape()[3];
        this.inputHeight = h > 0 ? (int) h : DEFAULT_SIDE;
        this.inputWidth = w > 0 ? (int) w : DEFAULT_SIDE;
        this.classes = (int) shapes.output(0).shape()[1];
    }

    public static VisionModel load(ModelSettings settings) throws ModelException {
        List<String> labels = settings.labels() == null ? List.of()
                : Labels.read(settings.labels(), settings.name(), "labels", true);
        return open(settings, (session, shapes) -> {
            boolean fits = shapes.inputs().size() == 1 && shapes.outputs().size() == 1
                    && TensorShapes.matches(shapes.input(0), -1, 3, -1, -1)
                    && TensorShapes.matches(shapes.output(0), -1, -1) && shapes.output(0).shape()[1] > 1
                    && shapes.input(0).shape()[0] <= 1;
            if (!fits) {
                throw new ModelException("model " + settings.name() + ": path " + settings.model() + " is not an"
                        + " image classifier: expected one input [N,3,H,W] and one output [N,classes]; it has "
                        + shapes);
            }
            long classes = shapes.output(0).shape()[1];
            if (!labels.isEmpty() && labels.size() != classes) {
                throw new ModelException("model " + settings.name() + ": labels " + settings.labels() + " has "
                        + labels.size() + " names but the model " + settings.model() + " has " + classes
                        + " classes");
            }
            return new ClassifierModel(settings, session, labels, shapes);
        });
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public ModelRunner newRunner() {
        return new Runner();
    }

    private final class Runner extends PinnedRunner {
        private final TensorWriter writer = new TensorWriter();
        private final float[] probabilities = new float[classes];
        private final boolean[] chosen = new boolean[classes];

        Runner() {
            super(settings.name(), new PinnedIo(session, inputName, new long[] {1, 3, inputHeight, inputWidth},
                    Map.of(outputName, new long[] {1, classes})));
        }

        @Override
        public void prepare(Frame frame) {
            float side = Math.min(frame.width(), frame.height()) * CROP;
            writer.write(frame, (frame.width() - side) / 2, (frame.height() - side) / 2, side, side, inputWidth,
                    inputHeight, inputWidth, inputHeight, 0, ChannelOrder.RGB, IMAGENET, io.input());
        }

        @Override
        protected List<Detection> detections(int frameWidth, int frameHeight) {
            return top(io.output(outputName), frameWidth, frameHeight);
        }

        private List<Detection> top(FloatBuffer logits, int frameWidth, int frameHeight) {
            softmax(logits, probabilities);
            Arrays.fill(chosen, false);
            List<Detection> best = new ArrayList<>(TOP);
            for (int k = 0; k < TOP; k++) {
                int arg = -1;
                for (int c = 0; c < classes; c++) {
                    if (!chosen[c] && (arg < 0 || probabilities[c] > probabilities[arg])) {
                        arg = c;
                    }
                }
                if (probabilities[arg] < settings.scoreThreshold()) {
                    break;
                }
                chosen[arg] = true;
                best.add(new Detection(arg, Labels.name(labels, arg), probabilities[arg], 0, 0, frameWidth,
                        frameHeight));
            }
            return best;
        }

        @Override
        protected int decodeSide() {
            // The centre crop is 224/256 of the shorter side: keep the shorter side at the input's 256 equivalent.
            return Math.round(Math.max(inputWidth, inputHeight) / CROP);
        }
    }

    /**
     * Softmax, stable against large logits. A model whose output already sums to 1 keeps its order (softmax is
     * monotonic), only its scores are flattened; the zoo's MobileNet outputs logits.
     */
    static void softmax(FloatBuffer logits, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < out.length; i++) {
            max = Math.max(max, logits.get(i));
        }
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.exp(logits.get(i) - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) sum;
        }
    }
}
