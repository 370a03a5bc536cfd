package io.ganglion.runtime.vision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One camera's meters, registered when the pipeline starts so that every camera shows in {@code /metrics} at 0:
 * {@code ganglion_frames_received_total}, {@code _analysed_total}, {@code _dropped_total{reason}},
 * {@code _rejected_total{reason}}, {@code ganglion_detections_total{class}} (registered on first sight of a class:
 * bounded by the model's labels) and {@code ganglion_inference_seconds}.
 */
final class VisionMetrics {
    static final String BUSY = "busy";
    static final String STORE_FULL = "store_full";
    static final String SHUTDOWN = "shutdown";

    private final MeterRegistry registry;
    private final String camera;
    final Counter received;
    final Counter analysed;
    final Counter droppedBusy;
    final Counter droppedStoreFull;
    final Counter droppedShutdown;
    final Counter late;
    final Counter sourceProblems;
    final Timer inference;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> detections = new ConcurrentHashMap<>();

    VisionMetrics(MeterRegistry registry, String camera, String model) {
        this.registry = registry;
        this.camera = camera;
        received = Counter.builder("ganglion.frames.received").tag("camera", camera)
                .description("Camera frames accepted into the camera's newest-frame slot").register(registry);
        analysed = Counter.builder("ganglion.frames.analysed").tag("camera", camera)
                .description("Camera frames the model ran on").register(registry);
        droppedBusy = dropped(BUSY);
        droppedStoreFull = dropped(STORE_FULL);
        droppedShutdown = dropped(SHUTDOWN);
        late = Counter.builder("ganglion.frames.late").tag("camera", camera)
                .description("Analysed frames older than the camera's open detection window: stored, not counted "
                        + "in a window").register(registry);
        sourceProblems = Counter.builder("ganglion.frames.source.problems").tag("camera", camera)
                .description("Failures of a pulled source (snapshot, MJPEG, folder): unreachable, errors, not a "
                        + "frame").register(registry);
        inference = Timer.builder("ganglion.inference").tag("camera", camera).tag("model", model)
                .description("Decode, inference and post-processing of one frame").register(registry);
        rejected("malformed");
    }

    private Counter dropped(String reason) {
        return Counter.builder("ganglion.frames.dropped").tag("camera", camera).tag("reason", reason)
                .description("Frames dropped unanalysed: busy = replaced by a newer frame before a worker took it; "
                        + "store_full = its detections could not be queued; shutdown = waiting when the gateway "
                        + "stopped").register(registry);
    }

    Counter rejected(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("ganglion.frames.rejected")
                .tag("camera", camera).tag("reason", r)
                .description("Frames refused: undecodable (malformed), too large (oversize), or the model failed "
                        + "on them (error)").register(registry));
    }

    Counter detections(String label) {
        return detections.computeIfAbsent(label, l -> Counter.builder("ganglion.detections").tag("camera", camera)
                .tag("class", l).description("Detections kept (above the camera's confidence, of its classes)")
                .register(registry));
    }
}
