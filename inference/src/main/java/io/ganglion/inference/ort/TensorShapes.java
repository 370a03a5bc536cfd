package io.ganglion.inference.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.OnnxJavaType;
import io.ganglion.inference.ModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A session's inputs and outputs as names and shapes ({@code -1} for a dynamic dimension), read once at load time so
 * that each family can check the model is one it knows how to feed and read, and say what it found when not.
 */
public record TensorShapes(List<Named> inputs, List<Named> outputs) {
    /** One input or output. */
    public record Named(String name, long[] shape, OnnxJavaType type) {
        @Override
        public String toString() {
            return name + Arrays.toString(shape).replace(" ", "") + " " + type.name().toLowerCase();
        }
    }

    public static TensorShapes of(OrtSession session) throws ModelException {
        try {
            return new TensorShapes(describe(session.getInputInfo()), describe(session.getOutputInfo()));
        } catch (OrtException e) {
            throw new ModelException("cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static List<Named> describe(Map<String, NodeInfo> nodes) {
        List<Named> result = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                result.add(new Named(node.getName(), tensor.getShape(), tensor.type));
            } else {
                result.add(new Named(node.getName(), new long[0], OnnxJavaType.UNKNOWN));
            }
        }
        return List.copyOf(result);
    }

    public Named input(int index) {
        return inputs.get(index);
    }

    public Named output(int index) {
        return outputs.get(index);
    }

    /** The output with this name, else the one at this index: exporters name outputs inconsistently. */
    public Named output(String name, int fallbackIndex) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst().orElse(outputs.get(fallbackIndex));
    }

    /** Whether a float tensor has this shape; an expected -1 matches any size, an actual -1 matches only -1. */
    public static boolean matches(Named tensor, long... expected) {
        if (tensor.type() != OnnxJavaType.FLOAT || tensor.shape().length != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != -1 && tensor.shape()[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "inputs " + inputs + ", outputs " + outputs;
    }
}
