package io.ganglion.cloud.wire;

/**
 * A camera's detections of one class in one zone over one window ({@code zone} empty: the whole frame).
 *
 * @param frames     frames analysed in the window
 * @param detections detections of the class in the zone, summed over the frames
 * @param peak       the most in one frame
 */
public record DetectionCount(String device, String className, String zone, long windowStart, long windowEnd,
                             long frames, long detections, long peak) implements Payload {
    public DetectionCount {
        WireChecks.text("device", device);
        WireChecks.text("class", className);
        zone = zone == null ? "" : zone;
        WireChecks.window(windowStart, windowEnd);
        if (frames < 0 || detections < 0 || peak < 0 || peak > detections) {
            throw new IllegalArgumentException("frames, detections and peak must be >= 0 and peak <= detections");
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.DETECTIONS;
    }

    @Override
    public long time() {
        return windowEnd;
    }
}
