package io.ganglion.inference.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's input and outputs bound once to direct buffers, for models whose tensor shapes are fixed. ONNX Runtime
 * reads the input from, and writes the outputs into, the same native memory at every run, so a frame costs no
 * tensor allocation and no copy of the outputs into Java arrays: post-processing reads the output buffers in place.
 * Not thread-safe: one per runner.
 */
public final class PinnedIo implements AutoCloseable {
    private final OrtSession session;
    private final FloatBuffer input;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
    private final Map<String, FloatBuffer> outputBuffers = new LinkedHashMap<>();

    /**
     * @param outputShapes each output to pin, by name, with its fixed shape
     */
    public PinnedIo(OrtSession session, String inputName, long[] inputShape, Map<String, long[]> outputShapes) {
        this.session = session;
        try {
            input = directFloats(elements(inputShape));
            inputs = Map.of(inputName, OnnxTensor.createTensor(OrtSessions.environment(), input, inputShape));
            for (Map.Entry<String, long[]> output : outputShapes.entrySet()) {
                FloatBuffer buffer = directFloats(elements(output.getValue()));
                outputBuffers.put(output.getKey(), buffer);
                outputs.put(output.getKey(),
                        OnnxTensor.createTensor(OrtSessions.environment(), buffer, output.getValue()));
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("cannot allocate tensors for " + inputName + ": " + e.getMessage(), e);
        }
    }

    public static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static int elements(long[] shape) {
        long n = 1;
        for (long dim : shape) {
            if (dim <= 0) {
                throw new IllegalArgumentException("a pinned tensor needs a fixed shape");
            }
            n *= dim;
        }
        return Math.toIntExact(n);
    }

    /** The input tensor's memory: fill it, then {@link #run()}. */
    public FloatBuffer input() {
        return input;
    }

    /** An output's memory, valid after {@link #run()} until the next one. */
    public FloatBuffer output(String name) {
        return outputBuffers.get(name);
    }

    public void run() throws OrtException {
        // The result holds only the pinned outputs, which it does not own: closing it frees nothing of ours.
        try (OrtSession.Result ignored = session.run(inputs, outputs)) {
            // outputs are in outputBuffers
        }
    }

    @Override
    public void close() {
        if (inputs != null) {
            inputs.values().forEach(OnnxTensor::close);
        }
        outputs.values().forEach(OnnxTensor::close);
    }
}
