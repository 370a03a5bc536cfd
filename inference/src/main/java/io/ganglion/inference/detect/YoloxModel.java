package io.ganglion.inference.detect;

import ai.onnxruntime.OrtSession;
import io.ganglion.inference.Detection;
import io.ganglion.inference.Labels;
import io.ganglion.inference.ModelException;
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
import java.util.List;
import java.util.Map;

/**
 * YOLOX object detection, as exported by the YOLOX project without the decoding step: input {@code [1,3,H,W]},
 * output {@code [1,N,5+classes]}, one row per grid cell of the stride 8, 16 and 32 feature maps in that order,
 * each row {@code dx, dy, log w, log h, objectness, class scores} with objectness and class scores already
 * sigmoided.
 *
 * <p>Pre-processing is YOLOX's own: the frame resized with its aspect kept into the top-left corner of the input,
 * the rest filled with grey 114, BGR, raw 0-255 values. Post-processing: grid decoding, score = objectness x class
 * score for every class above the threshold, boxes scaled back to the frame, per-class NMS.
 */
public final class YoloxModel extends SessionModel {
    private static final int[] STRIDES = {8, 16, 32};
    private static final float PAD = 114f;

    private final List<String> labels;
    private final String inputName;
    private final String outputName;
    private final int inputWidth;
    private final int inputHeight;
    private final int rows;
    private final int rowLength;

    private YoloxModel(ModelSettings settings, OrtSession session, List<String> labels, TensorShapes shapes) {
        super(settings, session);
        this.labels = labels;
        this.inputName = shapes.input(0).name();
        this.outputName = shapes.output(0).name();
        this.inputHeight = (int) shapes.input(0).shape()[2];
        this.inputWidth = (int) shapes.input(0).shape()[3];
        this.rows = (int) shapes.output(0).shape()[1];
        this.rowLength = (int) shapes.output(0).shape()[2];
    }

    public static VisionModel load(ModelSettings settings) throws ModelException {
        if (settings.labels() == null) {
            throw new ModelException("model " + settings.name() + ": a yolox model needs labels, the class names"
                    + " file (one name per line, line i = class i)");
        }
        List<String> labels = Labels.read(settings.labels(), settings.name(), "labels", true);
        return open(settings, (session, shapes) -> {
            check(settings, shapes, labels);
            return new YoloxModel(settings, session, labels, shapes);
        });
    }

    private static void check(ModelSettings settings, TensorShapes shapes, List<String> labels)
            throws ModelException {
        String expected = "a YOLOX detector: one input [1,3,H,W] with H and W fixed multiples of 32, one output"
                + " [1,N,5+classes] with N the cells of the stride 8, 16 and 32 grids";
        boolean fits = shapes.inputs().size() == 1 && shapes.outputs().size() == 1
                && TensorShapes.matches(shapes.input(0), 1, 3, -1, -1)
                && TensorShapes.matches(shapes.output(0), 1, -1, -1);
        if (fits) {
            long h = shapes.input(0).shape()[2];
            long w = shapes.input(0).shape()[3];
            fits = h > 0 && w > 0 && h % 32 == 0 && w % 32 == 0
                    && shapes.output(0).shape()[1] == gridCells((int) w, (int) h)
                    && shapes.output(0).shape()[2] > 5;
        }
        if (!fits) {
            throw new ModelException("model " + settings.name() + ": path " + settings.model() + " is not "
                    + expected + "; it has " + shapes);
        }
        long classes = shapes.output(0).shape()[2] - 5;
        if (labels.size() != classes) {
            throw new ModelException("model " + settings.name() + ": labels " + settings.labels() + " has "
                    + labels.size() + " names but the model " + settings.model() + " has " + classes + " classes");
        }
    }

    static int gridCells(int width, int height) {
        int cells = 0;
        for (int stride : STRIDES) {
            cells += (width / stride) * (height / stride);
        }
        return cells;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public Runner newRunner() {
        return new Runner();
    }

    /** The letterbox scale for a frame: the input size over the frame size, the smaller of the two sides. */
    float scaleFor(int frameWidth, int frameHeight) {
        return Math.min((float) inputWidth / frameWidth, (float) inputHeight / frameHeight);
    }

    /**
     * Runs YOLOX on frames. Its two halves ({@link #prepare}, {@link #detectPrepared}) are public, so that a
     * benchmark can time the path from a ready input tensor to detections against ONNX Runtime alone.
     */
    public final class Runner extends PinnedRunner {
        private final TensorWriter writer = new TensorWriter();
        private final Candidates candidates = new Candidates();

        private Runner() {
            super(settings.name(), new PinnedIo(session, inputName, new long[] {1, 3, inputHeight, inputWidth},
                    Map.of(outputName, new long[] {1, rows, rowLength})));
        }

        /** Letterboxes the frame into the input tensor. */
        @Override
        public void prepare(Frame frame) {
            float scale = scaleFor(frame.width(), frame.height());
            int width = Math.max(1, Math.min(inputWidth, (int) (frame.width() * scale)));
            int height = Math.max(1, Math.min(inputHeight, (int) (frame.height() * scale)));
            writer.write(frame, 0, 0, frame.width(), frame.height(), width, height, inputWidth, inputHeight, PAD,
                    ChannelOrder.BGR, Normalisation.RAW, io.input());
        }

        @Override
        protected List<Detection> detections(int frameWidth, int frameHeight) {
            return decode(io.output(outputName), scaleFor(frameWidth, frameHeight), frameWidth, frameHeight);
        }

        /** The input tensor's memory, as {@link #prepare} fills it. */
        public FloatBuffer input() {
            return io.input();
        }

        /** Grid decoding and NMS, reading the output in place. */
        List<Detection> decode(FloatBuffer out, float scale, int frameWidth, int frameHeight) {
            float threshold = settings.scoreThreshold();
            int classes = rowLength - 5;
            candidates.clear();
            int row = 0;
            for (int stride : STRIDES) {
                int gridWidth = inputWidth / stride;
                int gridHeight = inputHeight / stride;
                for (int gy = 0; gy < gridHeight; gy++) {
                    for (int gx = 0; gx < gridWidth; gx++, row++) {
                        int base = row * rowLength;
                        float objectness = out.get(base + 4);
                        if (objectness < threshold) {
                            continue; // score = objectness x class score <= objectness
                        }
                        float cx = (out.get(base) + gx) * stride;
                        float cy = (out.get(base + 1) + gy) * stride;
                        float halfW = (float) Math.exp(out.get(base + 2)) * stride / 2;
                        float halfH = (float) Math.exp(out.get(base + 3)) * stride / 2;
                        for (int c = 0; c < classes; c++) {
                            float score = objectness * out.get(base + 5 + c);
                            if (score >= threshold) {
                                candidates.add(c, score, (cx - halfW) / scale, (cy - halfH) / scale,
                                        (cx + halfW) / scale, (cy + halfH) / scale);
                            }
                        }
                    }
                }
            }
            return candidates.suppress(settings.nmsIou(), labels, frameWidth, frameHeight);
        }

        @Override
        protected int decodeSide() {
            // Letterboxing scales by the longer side: a frame whose shorter side still covers the input loses
            // nothing the model would see.
            return Math.max(inputWidth, inputHeight);
        }

    }
}
