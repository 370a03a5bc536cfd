package io.ganglion.inference.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganglion.inference.Detection;
import io.ganglion.inference.FrameRunner;
import io.ganglion.inference.InferenceException;
import io.ganglion.inference.StageTimes;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.TensorWriter;
import io.ganglion.inference.image.TensorWriter.ChannelOrder;
import io.ganglion.inference.image.TensorWriter.Normalisation;
import io.ganglion.inference.ort.OrtSessions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One thread's PP-OCR pipeline. The detector's and the recogniser's input and output tensors live in direct buffers
 * kept from frame to frame (grown to the largest frame and batch seen) and bound to ONNX Runtime as the run's
 * inputs and pre-allocated outputs, so no tensor data is copied in or out of the native side and a steady stream
 * allocates little beyond the detections.
 */
final class PpOcrRunner extends FrameRunner {
    /** Recogniser crops per run, as PaddleOCR's rec_batch_num. */
    static final int MAX_BATCH = 6;
    /** PaddleOCR's det_limit_side_len: larger frames are scaled down so their longer side is this. */
    static final int DETECTOR_MAX_SIDE = 960;
    /**
     * The narrowest recogniser input: shorter lines are padded to it. PaddleOCR pads to 320; on the road-sign photo
     * 160 reads the same words with scores within 0.03, and the recogniser, which dominates the frame's time, runs
     * 2 to 3 times faster on short words (a number, a word on a sign), which are most of what a camera reads.
     */
    static final int REC_MIN_WIDTH = 160;
    /**
     * The widest recogniser input: a longer line is squeezed into it. Bounds the output buffer, which holds
     * width / 8 time steps of 6,625 probabilities per line.
     */
    static final int REC_MAX_WIDTH = 960;
    /**
     * Batch width budget (lines times padded width, PaddleOCR's 6 x 320), so that a batch of wide lines does not need
     * a huge output buffer.
     */
    static final int REC_BATCH_COLUMNS = 6 * 320;

    private static final Normalisation DETECTOR_NORM = Normalisation.meanStd(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    private static final Normalisation RECOGNIZER_NORM = Normalisation.uniform(2f / 255f, -1f);
    /** The raw pixel value that the recogniser's normalisation maps to 0, PaddleOCR's padding. */
    private static final float RECOGNIZER_PAD = 127.5f;

    /** Per-frame breakdown of the work, finer than {@link StageTimes}, for tests and benchmarks. */
    record Breakdown(long detectorPreprocess, long detectorRun, long regions, long recognizerPreprocess,
                     long recognizerRuns, long decode, int lines, int batches) {
    }

    private final PpOcrModel model;
    private final TensorWriter writer = new TensorWriter();
    private final TextRegions regions = new TextRegions();
    private final CtcDecoder decoder;
    private FloatBuffer detectorIn = allocate(0);
    private FloatBuffer detectorOut = allocate(0);
    private FloatBuffer recognizerIn = allocate(0);
    private FloatBuffer recognizerOut = allocate(0);
    private Breakdown last;

    PpOcrRunner(PpOcrModel model) {
        this.model = model;
        this.decoder = new CtcDecoder(model.labels());
    }

    @Override
    public VisionResult run(Frame frame) throws InferenceException {
        long start = System.nanoTime();
        int frameWidth = frame.width();
        int frameHeight = frame.height();
        float scale = Math.min(1f, (float) DETECTOR_MAX_SIDE / Math.max(frameWidth, frameHeight));
        int mapWidth = detectorSide(frameWidth, scale);
        int mapHeight = detectorSide(frameHeight, scale);
        int mapSize = mapWidth * mapHeight;
        detectorIn = ensure(detectorIn, 3 * mapSize);
        detectorOut = ensure(detectorOut, mapSize);
        writer.write(frame, 0, 0, frameWidth, frameHeight, mapWidth, mapHeight, mapWidth, mapHeight, 0,
                ChannelOrder.BGR, DETECTOR_NORM, detectorIn);
        long detectorWritten = System.nanoTime();
        runSession(model.detector(), model.detectorInput(), detectorIn, new long[] {1, 3, mapHeight, mapWidth},
                model.detectorOutput(), detectorOut, new long[] {1, 1, mapHeight, mapWidth});
        long detectorRan = System.nanoTime();
        List<TextBox> boxes = regions.find(detectorOut, mapWidth, mapHeight, frameWidth, frameHeight);
        long found = System.nanoTime();
        Recognition recognition = recognise(frame, boxes);
        List<Detection> lines = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            CtcDecoder.Line line = recognition.lines[i];
            if (line.score() >= model.settings().scoreThreshold() && !line.text().isBlank()) {
                TextBox box = boxes.get(i);
                lines.add(new Detection(-1, "text", line.score(), box.x1(), box.y1(), box.x2(), box.y2(),
                        line.text()));
            }
        }
        long end = System.nanoTime();
        last = new Breakdown(detectorWritten - start, detectorRan - detectorWritten, found - detectorRan,
                recognition.preprocess, recognition.runs, recognition.decode, boxes.size(), recognition.batches);
        long preprocess = last.detectorPreprocess() + last.recognizerPreprocess();
        long inference = last.detectorRun() + last.recognizerRuns();
        return new VisionResult(frameWidth, frameHeight, lines, List.of(),
                new StageTimes(0, preprocess, inference, end - start - preprocess - inference));
    }

    /** The detector's input side: scaled, rounded to a multiple of 32 (the network's total stride), at least 32. */
    static int detectorSide(int frameSide, float scale) {
        return Math.max(32, Math.round(frameSide * scale / 32f) * 32);
    }

    /** The recogniser's input width for a line of this width/height ratio, a multiple of the CTC step width. */
    static int recognizerWidth(float ratio, int stride) {
        int width = Math.max(REC_MIN_WIDTH, (int) Math.ceil(PpOcrModel.REC_HEIGHT * ratio));
        width = (width + stride - 1) / stride * stride;
        return Math.min(REC_MAX_WIDTH / stride * stride, width);
    }

    private static final class Recognition {
        final CtcDecoder.Line[] lines;
        long preprocess;
        long runs;
        long decode;
        int batches;

        Recognition(int count) {
            lines = new CtcDecoder.Line[count];
        }
    }

    /**
     * Reads every box, in batches of similar width/height ratio (as PaddleOCR does: sorted by ratio, so a batch
     * pads its lines to nearly the same width), each line resized to height 48 and padded on the right.
     */
    private Recognition recognise(Frame frame, List<TextBox> boxes) throws InferenceException {
        int count = boxes.size();
        Recognition recognition = new Recognition(count);
        float[] ratios = new float[count];
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            ratios[i] = boxes.get(i).width() / boxes.get(i).height();
            order[i] = i;
        }
        sortByRatio(order, ratios);
        int stride = model.recognizerStride();
        int height = PpOcrModel.REC_HEIGHT;
        for (int first = 0; first < count; ) {
            int size = 1;
            int width = recognizerWidth(ratios[order[first]], stride);
            while (first + size < count && size < model.recognizerBatch()) {
                int wider = recognizerWidth(ratios[order[first + size]], stride);
                if ((size + 1) * wider > REC_BATCH_COLUMNS) {
                    break;
                }
                width = wider;
                size++;
            }
            long start = System.nanoTime();
            int item = 3 * height * width;
            int steps = width / stride;
            int classes = decoder.classes();
            recognizerIn = ensure(recognizerIn, size * item);
            recognizerOut = ensure(recognizerOut, size * steps * classes);
            for (int k = 0; k < size; k++) {
                TextBox box = boxes.get(order[first + k]);
                int resized = Math.min(width, Math.max(1, (int) Math.ceil(height * ratios[order[first + k]])));
                writer.write(frame, box.x1(), box.y1(), box.width(), box.height(), resized, height, width, height,
                        RECOGNIZER_PAD, ChannelOrder.BGR, RECOGNIZER_NORM, recognizerIn.slice(k * item, item));
            }
            long written = System.nanoTime();
            runSession(model.recognizer(), model.recognizerInput(), recognizerIn,
                    new long[] {size, 3, height, width}, model.recognizerOutput(), recognizerOut,
                    new long[] {size, steps, classes});
            long ran = System.nanoTime();
            for (int k = 0; k < size; k++) {
                recognition.lines[order[first + k]] = decoder.decode(recognizerOut, k * steps * classes, steps);
            }
            recognition.preprocess += written - start;
            recognition.runs += ran - written;
            recognition.decode += System.nanoTime() - ran;
            recognition.batches++;
            first += size;
        }
        return recognition;
    }

    /** Insertion sort of indices by ratio: a frame has tens of lines, and this allocates nothing. */
    private static void sortByRatio(int[] order, float[] ratios) {
        for (int i = 1; i < order.length; i++) {
            int index = order[i];
            int j = i - 1;
            while (j >= 0 && ratios[order[j]] > ratios[index]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = index;
        }
    }

    /**
     * Runs a session with the input and output bound to our buffers: the tensors are views (no copy) of the
     * buffers' first elements, and the output is written by ONNX Runtime straight into {@code out}.
     */
    private static void runSession(OrtSession session, String inputName, FloatBuffer in, long[] inShape,
                                   String outputName, FloatBuffer out, long[] outShape) throws InferenceException {
        try (OnnxTensor input = OnnxTensor.createTensor(OrtSessions.environment(), in.slice(0, elements(inShape)),
                inShape);
             OnnxTensor output = OnnxTensor.createTensor(OrtSessions.environment(),
                     out.slice(0, elements(outShape)), outShape)) {
            // The result owns nothing: its one output is ours, already written into out.
            session.run(Map.of(inputName, input), Map.of(outputName, output)).close();
        } catch (OrtException e) {
            throw new InferenceException("PP-OCR: ONNX Runtime failed on a " + Arrays.toString(inShape)
                    + " input: " + e.getMessage(), e);
        }
    }

    private static int elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static FloatBuffer ensure(FloatBuffer buffer, int floats) {
        return buffer.capacity() >= floats ? buffer : allocate(floats);
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** The last frame's breakdown, or null before the first frame. */
    Breakdown lastBreakdown() {
        return last;
    }

    @Override
    protected void release() {
        // Direct buffers are freed by the garbage collector once unreachable; drop them now rather than with the
        // runner, which a caller may keep.
        detectorIn = allocate(0);
        detectorOut = allocate(0);
        recognizerIn = allocate(0);
        recognizerOut = allocate(0);
    }
}
