package io.ganglion.inference.ort;

import ai.onnxruntime.OrtException;
import io.ganglion.inference.Detection;
import io.ganglion.inference.FrameRunner;
import io.ganglion.inference.InferenceException;
import io.ganglion.inference.StageTimes;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.image.Frame;
import java.util.List;

/**
 * A runner for the families with fixed tensor shapes: each frame is written into the pinned input, the session
 * runs into the pinned outputs, and the family reads its detections from them in place. The family supplies the
 * two ends ({@link #prepare}, {@link #detections}); the run and the stage times are here, once.
 */
public abstract class PinnedRunner extends FrameRunner {
    protected final PinnedIo io;
    private final String model;

    protected PinnedRunner(String model, PinnedIo io) {
        this.model = model;
        this.io = io;
    }

    @Override
    public final VisionResult run(Frame frame) throws InferenceException {
        long start = System.nanoTime();
        prepare(frame);
        long preprocessed = System.nanoTime();
        VisionResult result = detectPrepared(frame.width(), frame.height());
        StageTimes times = result.times();
        return new VisionResult(result.frameWidth(), result.frameHeight(), result.detections(), List.of(),
                new StageTimes(0, preprocessed - start, times.inferenceNanos(), times.postprocessNanos()));
    }

    /** Writes the frame into the input tensor. */
    public abstract void prepare(Frame frame);

    /** Reads the detections from the outputs, in the coordinates of a frame of this size. */
    protected abstract List<Detection> detections(int frameWidth, int frameHeight);

    /**
     * Runs the model on the input as {@link #prepare} left it, for a frame of this size, into detections: the part
     * of a frame's path a benchmark compares with ONNX Runtime alone.
     */
    public final VisionResult detectPrepared(int frameWidth, int frameHeight) throws InferenceException {
        long start = System.nanoTime();
        try {
            io.run();
        } catch (OrtException e) {
            throw new InferenceException("model " + model + ": " + e.getMessage(), e);
        }
        long inferred = System.nanoTime();
        List<Detection> detections = detections(frameWidth, frameHeight);
        long done = System.nanoTime();
        return new VisionResult(frameWidth, frameHeight, detections, List.of(),
                new StageTimes(0, 0, inferred - start, done - inferred));
    }

    @Override
    protected final void release() {
        io.close();
    }
}
