package io.ganglion.inference.face;

import ai.onnxruntime.OrtSession;
import io.ganglion.inference.Detection;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.detect.Candidates;
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
import java.util.List;
import java.util.Map;

/**
 * Face detection with the Ultra-Light-Fast-Generic-Face-Detector (UltraFace): input {@code [1,3,H,W]} (240 x 320
 * for RFB-320), outputs {@code scores [1,N,2]} (background, face) and {@code boxes [1,N,4]}, already decoded from
 * the priors as corners in 0..1. Pre-processing as in its reference code: the whole frame resized (aspect not
 * kept), RGB, (v - 127) / 128. Post-processing: threshold on the face score, boxes scaled to the frame, NMS.
 */
public final class UltraFaceModel extends SessionModel {
    private static final List<String> LABELS = List.of("face");
    private static final Normalisation CENTRED = Normalisation.uniform(1f / 128f, -127f / 128f);

    private final String inputName;
    private final String scoresName;
    private final String boxesName;
    private final int inputWidth;
    private final int inputHeight;
    private final int priors;

    private UltraFaceModel(ModelSettings settings, OrtSession session, TensorShapes shapes) {
        super(settings, session);
        this.inputName = shapes.input(0).name();
        this.inputHeight = (int) shapes.input(0).shape()[2];
        this.inputWidth = (int) shapes.input(0).shape()[3];
        TensorShapes.Named scores = scoresOf(shapes);
        this.scoresName = scores.name();
        this.boxesName = boxesOf(shapes).name();
        this.priors = (int) scores.shape()[1];
    }

    /** The output whose last dimension is 2; exporters do not all call it {@code scores}. */
    private static TensorShapes.Named scoresOf(TensorShapes shapes) {
        return shapes.output(0).shape()[2] == 2 ? shapes.output(0) : shapes.output(1);
    }

    private static TensorShapes.Named boxesOf(TensorShapes shapes) {
        return shapes.output(0).shape()[2] == 2 ? shapes.output(1) : shapes.output(0);
    }

    public static VisionModel load(ModelSettings settings) throws ModelException {
        return open(settings, (session, shapes) -> {
            boolean fits = shapes.inputs().size() == 1 && shapes.outputs().size() == 2
                    && TensorShapes.matches(shapes.input(0), 1, 3, -1, -1)
                    && shapes.input(0).shape()[2] > 0 && shapes.input(0).shape()[3] > 0
                    && TensorShapes.matches(shapes.output(0), 1, -1, -1)
                    && TensorShapes.matches(shapes.output(1), 1, -1, -1);
            if (fits) {
                TensorShapes.Named scores = scoresOf(shapes);
                TensorShapes.Named boxes = boxesOf(shapes);
                fits = scores.shape()[2] == 2 && boxes.shape()[2] == 4 && scores.shape()[1] > 0
                        && scores.shape()[1] == boxes.shape()[1];
            }
            if (!fits) {
                throw new ModelException("model " + settings.name() + ": path " + settings.model() + " is not an"
                        + " UltraFace detector: expected one input [1,3,H,W] with H and W fixed and two outputs,"
                        + " scores [1,N,2] and boxes [1,N,4]; it has " + shapes);
            }
            return new UltraFaceModel(settings, session, shapes);
        });
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public ModelRunner newRunner() {
        return new Runner();
    }

    private final class Runner extends PinnedRunner {
        private final TensorWriter writer = new TensorWriter();
        private final Candidates candidates = new Candidates();

        Runner() {
            super(settings.name(), new PinnedIo(session, inputName, new long[] {1, 3, inputHeight, inputWidth},
                    Map.of(scoresName, new long[] {1, priors, 2}, boxesName, new long[] {1, priors, 4})));
        }

        @Override
        public void prepare(Frame frame) {
            writer.write(frame, 0, 0, frame.width(), frame.height(), inputWidth, inputHeight, inputWidth,
                    inputHeight, 0, ChannelOrder.RGB, CENTRED, io.input());
        }

        @Override
        protected List<Detection> detections(int w, int h) {
            FloatBuffer scores = io.output(scoresName);
            FloatBuffer boxes = io.output(boxesName);
            candidates.clear();
            for (int i = 0; i < priors; i++) {
                float score = scores.get(i * 2 + 1);
                if (score >= settings.scoreThreshold()) {
                    int b = i * 4;
                    candidates.add(0, score, boxes.get(b) * w, boxes.get(b + 1) * h, boxes.get(b + 2) * w,
                            boxes.get(b + 3) * h);
                }
            }
            return candidates.suppress(settings.nmsIou(), LABELS, w, h);
        }

        @Override
        protected int decodeSide() {
            return Math.max(inputWidth, inputHeight);
        }
    }
}
