package io.ganglion.inference;

/**
 * Where one frame's time went, in nanoseconds: JPEG decode, pre-processing into the input tensor, ONNX Runtime's
 * {@code run}, and post-processing into detections. Decode is 0 when the caller passed a decoded frame.
 */
public record StageTimes(long decodeNanos, long preprocessNanos, long inferenceNanos, long postprocessNanos) {
    public long totalNanos() {
        return decodeNanos + preprocessNanos + inferenceNanos + postprocessNanos;
    }

    public StageTimes withDecode(long nanos) {
        return new StageTimes(nanos, preprocessNanos, inferenceNanos, postprocessNanos);
    }
}
