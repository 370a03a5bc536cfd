package io.ganglion.runtime.vision;

import io.ganglion.inference.Detection;
import io.ganglion.inference.InferenceException;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.source.CameraFrame;
import io.ganglion.inference.source.FrameSink;
import io.ganglion.profiles.LogThrottle;
import io.ganglion.profiles.RejectReason;
import io.ganglion.runtime.config.VisionConfig;
import io.ganglion.runtime.ingest.FrameIntake;
import io.ganglion.runtime.store.DetectionRecord;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoreWrite;
import io.ganglion.runtime.store.WindowRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns camera frames into detections, windows and the latest annotated frame.
 *
 * <p><b>Back-pressure.</b> Each camera has a one-frame slot: {@link #offer} puts the frame there and returns at once
 * (it is safe on an event loop); a frame that replaces one no worker has taken yet is counted as dropped
 * ({@code ganglion_frames_dropped_total{reason="busy"}}). The newest frame wins: analysing a stale frame while newer
 * ones wait helps nobody. {@code vision.workers} threads take cameras with a waiting frame, one camera per worker
 * at a time, each with its own {@link ModelRunner} per model: ONNX Runtime never runs on an event loop, and at most
 * {@code workers} frames are analysed at once.
 *
 * <p><b>Results.</b> The detections a camera keeps (its confidence and classes) are stored with the frame time; the
 * camera's {@link DetectionWindow} counts them per class and zone and is stored when it closes: on the first frame at
 * or after its end, or when the clock has passed its end by {@link #WINDOW_GRACE}, or at shutdown. An undecodable
 * frame is rejected, counted and kept (cut) in the rejected-message store.
 */
public final class CameraPipeline implements FrameSink, FrameIntake, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraPipeline.class);
    /** A window is closed by the clock this long after its end, when no later frame closed it. */
    static final Duration WINDOW_GRACE = Duration.ofSeconds(5);
    /** How long a worker waits for the store's queue before it drops a frame's detections. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(2);

    private final Map<String, CameraState> cameras = new LinkedHashMap<>();
    private final Map<String, VisionModel> models;
    private final VisionConfig config;
    private volatile java.util.function.Consumer<WindowRecord> windowStored = window -> { };
    private final LocalStore store;
    private final Clock clock;
    private final BlockingQueue<CameraState> ready;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService sweeper;
    private final LogThrottle problemLog = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle rejectLog = new LogThrottle(Duration.ofSeconds(5));
    private volatile boolean running;

    public CameraPipeline(List<Camera> cameraList, Map<String, VisionModel> models, VisionConfig config,
                          LocalStore store, Clock clock, MeterRegistry registry) {
        this.models = Map.copyOf(models);
        this.config = config;
        this.store = store;
        this.clock = clock;
        for (Camera camera : cameraList) {
            if (!models.containsKey(camera.model())) {
                throw new IllegalArgumentException("camera " + camera.id() + " uses model " + camera.model()
                        + ", which is not loaded");
            }
            cameras.put(camera.id(), new CameraState(camera, new VisionMetrics(registry, camera.id(),
                    camera.model()), config.window().toMillis()));
        }
        this.ready = new LinkedBlockingQueue<>(Math.max(1, cameras.size()));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganglion-vision-windows");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the workers and the window clock. No-op without cameras. */
    public void start() {
        if (cameras.isEmpty()) {
            return;
        }
        running = true;
        for (int i = 0; i < config.workers(); i++) {
            Thread worker = new Thread(this::work, "ganglion-vision-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        sweeper.scheduleWithFixedDelay(this::closeOverdueWindows, 1, 1, TimeUnit.SECONDS);
        LOG.info("vision: {} camera(s) ({}), {} model(s), {} worker(s), {} windows", cameras.size(),
                String.join(", ", cameras.keySet()), models.size(), config.workers(),
                io.ganglion.profiles.ConfigCheck.readable(config.window()));
    }

    @Override
    public boolean isCamera(String deviceId) {
        return cameras.containsKey(deviceId);
    }

    @Override
    public int maxFrameBytes() {
        return config.maxFrameBytes();
    }

    public Optional<CameraState> camera(String id) {
        return Optional.ofNullable(cameras.get(id));
    }

    public Collection<CameraState> cameras() {
        return cameras.values();
    }

    public Duration window() {
        return config.window();
    }

    /**
     * Puts a frame into its camera's slot without blocking.
     *
     * @return false when the device is not a camera or the pipeline is not running (nothing was taken); a frame over
     *         {@code vision.maxFrameBytes} is taken and rejected (true)
     */
    @Override
    public boolean offer(CameraFrame frame) {
        CameraState state = cameras.get(frame.cameraId());
        if (state == null || !running) {
            return false;
        }
        if (frame.jpeg().length > config.maxFrameBytes()) {
            reject(state, frame, RejectReason.OVERSIZE, "frame of " + frame.jpeg().length
                    + " bytes is larger than vision.maxFrameBytes=" + config.maxFrameBytes());
            return true;
        }
        state.metrics.received.increment();
        state.received(clock.millis());
        if (state.slot.getAndSet(frame) != null) {
            state.metrics.droppedBusy.increment();
        }
        schedule(state);
        return true;
    }

    private void schedule(CameraState state) {
        if (state.slot.get() != null && state.scheduled.compareAndSet(false, true)) {
            // Never full: each camera is queued at most once and the capacity is the number of cameras.
            ready.add(state);
        }
    }

    /** From a pull source's thread. */
    @Override
    public void frame(CameraFrame frame) {
        offer(frame);
    }

    @Override
    public void problem(String cameraId, String message, Throwable cause) {
        CameraState state = cameras.get(cameraId);
        if (state != null) {
            state.metrics.sourceProblems.increment();
        }
        long skipped = problemLog.admit();
        if (skipped >= 0) {
            LOG.warn("camera '{}': source problem: {} ({} more not logged)", cameraId, message, skipped,
                    LOG.isDebugEnabled() ? cause : null);
        }
    }

    private void work() {
        Map<String, ModelRunner> runners = new HashMap<>();
        try {
            while (running) {
                CameraState state;
                try {
                    state = ready.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (state == null) {
                    continue;
                }
                CameraFrame frame = state.slot.getAndSet(null);
                try {
                    if (frame != null) {
                        ModelRunner runner = runners.computeIfAbsent(state.camera().model(),
                                name -> models.get(name).newRunner());
                        analyse(state, frame, runner);
                    }
                } catch (RuntimeException e) {
                    LOG.error("camera '{}': analysing a frame failed", state.camera().id(), e);
                } finally {
                    state.scheduled.set(false);
                    if (running) {
                        schedule(state); // a frame that arrived meanwhile
                    }
                }
            }
        } finally {
            runners.values().forEach(ModelRunner::close);
        }
    }

    private void analyse(CameraState state, CameraFrame frame, ModelRunner runner) {
        Camera camera = state.camera();
        VisionResult result;
        long startNanos = System.nanoTime();
        try {
            result = runner.runJpeg(frame.jpeg());
        } catch (InferenceException e) {
            reject(state, frame, RejectReason.MALFORMED, e.getMessage());
            return;
        } catch (RuntimeException e) {
            // Not the frame's fault as far as we know (an ONNX Runtime failure): counted, logged, never fatal.
            state.metrics.rejected("error").increment();
            long skipped = rejectLog.admit();
            if (skipped >= 0) {
                LOG.error("camera '{}': the model failed on a frame from {} ({} more not logged)", camera.id(),
                        frame.origin(), skipped, e);
            }
            return;
        }
        state.metrics.inference.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        List<Detection> kept = new ArrayList<>();
        List<DetectionRecord> records = new ArrayList<>();
        for (Detection d : result.detections()) {
            if (!camera.keeps(d.label(), d.score())) {
                continue;
            }
            kept.add(d);
            records.add(new DetectionRecord(0, camera.id(), frame.capturedAt(), camera.model(), d.classId(),
                    d.label(), d.score(), d.x1(), d.y1(), d.x2(), d.y2(), result.frameWidth(), result.frameHeight(),
                    camera.zonesOf(d.x1(), d.x2(), d.y2(), result.frameWidth(), result.frameHeight()), d.text()));
            state.metrics.detections(d.label()).increment();
        }
        state.metrics.analysed.increment();
        state.analysed(new LatestFrame(frame, kept, result.frameWidth(), result.frameHeight(), result.times(),
                clock.millis()));
        DetectionWindow.Added added;
        synchronized (state.window) {
            added = state.window.add(frame.capturedAt(), records);
        }
        if (added.late()) {
            state.metrics.late.increment();
        }
        if (!records.isEmpty() && !write(StoreWrite.detections(records))) {
            state.metrics.droppedStoreFull.increment();
            LOG.warn("camera '{}': the store's queue stayed full; the detections of one frame were dropped",
                    camera.id());
        }
        if (added.closed() != null) {
            writeWindow(added.closed());
        }
    }

    private void reject(CameraState state, CameraFrame frame, RejectReason reason, String detail) {
        state.metrics.rejected(reason.label()).increment();
        long skipped = rejectLog.admit();
        if (skipped >= 0) {
            LOG.warn("camera '{}': rejected frame from {}: {}: {} ({} more rejections not logged)",
                    frame.cameraId(), frame.origin(), reason.label(), detail, skipped);
        }
        // The origin is "<transport> <address>", e.g. "mqtt devices/cam-1/frames" or "mjpeg http://...".
        String origin = frame.origin();
        int space = origin.indexOf(' ');
        String transport = space > 0 ? origin.substring(0, space) : origin;
        String address = space > 0 ? origin.substring(space + 1) : origin;
        // Never blocks (offer may be called on an event loop): a full store queue loses the record, not the count.
        store.offer(StoreWrite.rejected(frame.capturedAt(), transport, frame.cameraId(), address, reason,
                detail == null ? "" : detail, frame.jpeg()));
    }

    /** From a worker thread, which may wait a little for room in the store's queue. */
    private boolean write(StoreWrite write) {
        if (store.offer(write)) {
            return true;
        }
        try {
            return store.awaitCapacity(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS) && store.offer(write);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeWindow(WindowRecord window) {
        StoreWrite.Window write = StoreWrite.window(window);
        if (!write(write)) {
            LOG.warn("camera '{}': the store's queue stayed full; the window from {} was not stored",
                    window.camera(), window.start());
            return;
        }
        write.done().thenRun(() -> windowStored.accept(window));
    }

    /**
     * Tells {@code listener} about every detection window once it is committed to the store (the cloud sync uses
     * it). It runs on the store's writer thread: it must be quick and must not block. Set it before {@link #start}.
     */
    public void onWindowStored(java.util.function.Consumer<WindowRecord> listener) {
        this.windowStored = listener;
    }

    private void closeOverdueWindows() {
        long now = clock.millis();
        for (CameraState state : cameras.values()) {
            WindowRecord closed;
            synchronized (state.window) {
                closed = state.window.closeIfOver(now, WINDOW_GRACE.toMillis());
            }
            if (closed != null) {
                writeWindow(closed);
            }
        }
    }

    /**
     * Stops taking frames, lets each worker finish the frame it is on, counts the frames still waiting as dropped
     * (shutdown), stores the open windows and closes the models. Call it before the store closes.
     */
    @Override
    public void close() {
        boolean wasRunning = running;
        running = false;
        sweeper.shutdownNow();
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (wasRunning) {
            for (CameraState state : cameras.values()) {
                if (state.slot.getAndSet(null) != null) {
                    state.metrics.droppedShutdown.increment();
                }
                WindowRecord open;
                synchronized (state.window) {
                    open = state.window.flush();
                }
                if (open != null) {
                    writeWindow(open);
                }
            }
        }
        if (workers.stream().noneMatch(Thread::isAlive)) {
            models.values().forEach(VisionModel::close);
        } else {
            LOG.warn("vision: a worker is still running after 30 s; its model is left open");
        }
    }
}
