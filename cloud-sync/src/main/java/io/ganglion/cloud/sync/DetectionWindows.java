package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.DetectionCount;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Detection counts per camera, class and zone over windows closed on event time, with the same watermark, lateness,
 * late corrections and bounds as {@link WindowSummaries} (the settings' {@code maxSeries} bounds the cameras). A
 * window emits one {@link DetectionCount} per class and zone seen in it, each with the frames the camera analysed in
 * the window. Not thread-safe: feed it from one thread or context.
 */
public final class DetectionWindows {
    private static final long MIN_TIME = 946_684_800_000L;
    private static final long MAX_TIME = 7_258_118_400_000L;

    private final WindowSettings settings;
    private final Clock clock;
    private final long windowMs;
    private final long latenessMs;
    private final Map<String, Camera> cameras = new HashMap<>();
    private long lateFrames;
    private long forcedCloses;
    private long refusedFrames;

    /** What one frame showed of one class in one zone ({@code zone} empty: the whole frame). */
    public record Seen(String className, String zone, int count) {
        public Seen {
            Objects.requireNonNull(className, "className");
            zone = zone == null ? "" : zone;
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, not " + count);
            }
        }
    }

    /** Counters of the detection windows. */
    public record DetectionStats(int cameras, int openWindows, long lateFrames, long forcedCloses, long refusedFrames) {
    }

    public DetectionWindows(WindowSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.windowMs = settings.window().toMillis();
        this.latenessMs = settings.lateness().toMillis();
    }

    /** Adds one analysed frame; returns the counts of the windows it closed (often none). */
    public List<DetectionCount> acceptFrame(String camera, long frameTime, List<Seen> seen) {
        if (camera.isEmpty() || frameTime < MIN_TIME || frameTime > MAX_TIME - windowMs) {
            refusedFrames++;
            return List.of();
        }
        Camera c = cameras.get(camera);
        if (c == null) {
            if (cameras.size() >= settings.maxSeries()) {
                refusedFrames++;
                return List.of();
            }
            c = new Camera(camera);
            cameras.put(camera, c);
        }
        c.lastArrival = clock.millis();
        long start = Math.floorDiv(frameTime, windowMs) * windowMs;
        List<DetectionCount> closed = new ArrayList<>();
        if (start + windowMs <= c.watermark) {
            lateFrames++;
            window(c.corrections, c, start, closed).add(seen);
            return closed;
        }
        window(c.open, c, start, closed).add(seen);
        c.watermark = Math.max(c.watermark, frameTime - latenessMs);
        closeUpTo(c, closed);
        return closed;
    }

    /** Closes the windows of silent cameras by the wall clock and emits late corrections; about once a second. */
    public List<DetectionCount> tick() {
        long now = clock.millis();
        List<DetectionCount> closed = new ArrayList<>();
        for (Camera c : cameras.values()) {
            if (now - c.lastArrival >= latenessMs) {
                c.watermark = Math.max(c.watermark, now - latenessMs);
            }
            closeUpTo(c, closed);
            for (Window w : c.corrections.values()) {
                w.emit(c.name, closed);
            }
            c.corrections.clear();
        }
        return closed;
    }

    public DetectionStats stats() {
        int open = 0;
        for (Camera c : cameras.values()) {
            open += c.open.size();
        }
        return new DetectionStats(cameras.size(), open, lateFrames, forcedCloses, refusedFrames);
    }

    private Window window(TreeMap<Long, Window> windows, Camera c, long start, List<DetectionCount> closed) {
        Window w = windows.get(start);
        if (w == null) {
            if (windows.size() >= settings.maxOpenWindowsPerSeries()) {
                windows.pollFirstEntry().getValue().emit(c.name, closed);
                forcedCloses++;
            }
            w = new Window(start, start + windowMs);
            windows.put(start, w);
        }
        return w;
    }

    private static void closeUpTo(Camera c, List<DetectionCount> closed) {
        Iterator<Window> it = c.open.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            if (w.end > c.watermark) {
                return;
            }
            w.emit(c.name, closed);
            it.remove();
        }
    }

    private static final class Camera {
        final String name;
        final TreeMap<Long, Window> open = new TreeMap<>();
        final TreeMap<Long, Window> corrections = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        long lastArrival;

        Camera(String name) {
            this.name = name;
        }
    }

    private static final class Window {
        final long start;
        final long end;
        long frames;
        /** class + NUL + zone -> {detections, peak}. */
        final Map<String, long[]> counts = new TreeMap<>();

        Window(long start, long end) {
            this.start = start;
            this.end = end;
        }

        void add(List<Seen> seen) {
            frames++;
            Map<String, Long> inFrame = new HashMap<>();
            for (Seen s : seen) {
                inFrame.merge(s.className() + '\u0000' + s.zone(), (long) s.count(), Long::sum);
            }
            inFrame.forEach((key, n) -> {
                long[] c = counts.computeIfAbsent(key, k -> new long[2]);
                c[0] += n;
                c[1] = Math.max(c[1], n);
            });
        }

        void emit(String camera, List<DetectionCount> out) {
            counts.forEach((key, c) -> {
                String[] parts = key.split("\u0000", 2);
                out.add(new DetectionCount(camera, parts[0], parts[1], start, end, frames, c[0], c[1]));
            });
        }
    }
}
