package io.ganglion.runtime.vision;

import io.ganglion.inference.Detection;
import io.ganglion.inference.StageTimes;
import io.ganglion.inference.image.Annotator;
import io.ganglion.inference.source.CameraFrame;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A camera's most recently analysed frame and what was kept of its detections. The annotated JPEG is drawn the
 * first time someone asks (on the asker's worker thread) and kept until the next frame replaces this one.
 */
public final class LatestFrame {
    private final CameraFrame frame;
    private final List<Detection> detections;
    private final int width;
    private final int height;
    private final StageTimes times;
    private final long analysedAt;
    private final AtomicReference<byte[]> annotated = new AtomicReference<>();

    LatestFrame(CameraFrame frame, List<Detection> detections, int width, int height, StageTimes times,
                long analysedAt) {
        this.frame = frame;
        this.detections = List.copyOf(detections);
        this.width = width;
        this.height = height;
        this.times = times;
        this.analysedAt = analysedAt;
    }

    public long frameTime() {
        return frame.capturedAt();
    }

    public String origin() {
        return frame.origin();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public List<Detection> detections() {
        return detections;
    }

    public StageTimes times() {
        return times;
    }

    public long analysedAt() {
        return analysedAt;
    }

    /** The frame with its detections drawn, as JPEG. Blocking (decode, draw, encode): call it on a worker. */
    public byte[] annotatedJpeg() throws IOException {
        byte[] cached = annotated.get();
        if (cached != null) {
            return cached;
        }
        byte[] drawn = Annotator.annotateJpeg(frame.jpeg(), detections);
        return annotated.compareAndSet(null, drawn) ? drawn : annotated.get();
    }
}
