package io.ganglion.runtime.vision;

import io.ganglion.inference.source.CameraFrame;
import io.ganglion.runtime.store.WindowRecord;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One camera in the pipeline: its newest-frame slot, whether it waits for a worker, its open detection window and its
 * latest analysed frame. The slot holds at most one frame: a new frame replaces an unanalysed one, which is counted as
 * dropped (busy). A camera is in the workers' queue at most once, and analysed by one worker at a time, so its frames
 * are analysed in arrival order and its window sees frame times in order.
 */
public final class CameraState {
    private final Camera camera;
    final VisionMetrics metrics;
    final AtomicReference<CameraFrame> slot = new AtomicReference<>();
    /** True while the camera is in the workers' queue or being analysed. */
    final AtomicBoolean scheduled = new AtomicBoolean();
    final DetectionWindow window;
    private volatile LatestFrame latest;
    private volatile long lastReceivedAt;

    CameraState(Camera camera, VisionMetrics metrics, long windowMillis) {
        this.camera = camera;
        this.metrics = metrics;
        this.window = new DetectionWindow(camera.id(), windowMillis);
    }

    public Camera camera() {
        return camera;
    }

    public Optional<LatestFrame> latest() {
        return Optional.ofNullable(latest);
    }

    void analysed(LatestFrame frame) {
        latest = frame;
    }

    void received(long at) {
        lastReceivedAt = at;
    }

    /** When the last frame was accepted, UTC epoch milliseconds; 0 before the first. */
    public long lastReceivedAt() {
        return lastReceivedAt;
    }

    /** The open window so far; empty when none is open. */
    public Optional<WindowRecord> openWindow() {
        synchronized (window) {
            return Optional.ofNullable(window.snapshot());
        }
    }

    /** Counters for the API, as the metrics have them. */
    public Counts counts() {
        return new Counts((long) metrics.received.count(), (long) metrics.analysed.count(),
                (long) (metrics.droppedBusy.count() + metrics.droppedStoreFull.count()
                        + metrics.droppedShutdown.count()),
                (long) (metrics.rejected("malformed").count() + metrics.rejected("oversize").count()
                        + metrics.rejected("error").count()),
                (long) metrics.late.count(), (long) metrics.sourceProblems.count());
    }

    /** Frames received, analysed, dropped, rejected, late for their window, and pull-source problems. */
    public record Counts(long received, long analysed, long dropped, long rejected, long late, long sourceProblems) {
    }
}
