package io.ganglion.inference;

/** One output of a generic model, copied out of ONNX Runtime: its name, shape and values (row-major). */
public record RawTensor(String name, long[] shape, float[] values) {
}
