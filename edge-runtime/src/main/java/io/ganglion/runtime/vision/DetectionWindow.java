package io.ganglion.runtime.vision;

import io.ganglion.runtime.store.DetectionRecord;
import io.ganglion.runtime.store.WindowRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One camera's open detection window, on frame time: [start, start + length). A frame at or after its end closes it
 * (and opens the window the frame falls in); a frame before its start is late and not counted in any window (its
 * detections are stored all the same). Not thread-safe: the camera's pipeline guards it.
 */
final class DetectionWindow {
    /** Counts of one class, over the whole frame (zone "") or in one zone. */
    private record Key(String label, String zone) {
    }

    private static final class Tally {
        long detections;
        long peak;
    }

    private final String camera;
    private final long length;
    private long start = Long.MIN_VALUE;
    private long frames;
    private long detections;
    private final Map<Key, Tally> tallies = new HashMap<>();
    private final Map<Key, Integer> inFrame = new HashMap<>();

    DetectionWindow(String camera, long lengthMillis) {
        this.camera = camera;
        this.length = lengthMillis;
    }

    /** The outcome of adding one frame. */
    record Added(WindowRecord closed, boolean late) {
    }

    /**
     * Adds one analysed frame and its (kept) detections.
     *
     * @return the window it closed, if any, and whether the frame was too late to be counted
     */
    Added add(long frameTime, List<DetectionRecord> frameDetections) {
        WindowRecord closed = null;
        if (start == Long.MIN_VALUE) {
            start = Math.floorDiv(frameTime, length) * length;
        } else if (frameTime >= start + length) {
            closed = close();
            start = Math.floorDiv(frameTime, length) * length;
        } else if (frameTime < start) {
            return new Added(null, true);
        }
        frames++;
        detections += frameDetections.size();
        inFrame.clear();
        for (DetectionRecord d : frameDetections) {
            inFrame.merge(new Key(d.label(), ""), 1, Integer::sum);
            for (String zone : d.zones()) {
                inFrame.merge(new Key(d.label(), zone), 1, Integer::sum);
            }
        }
        inFrame.forEach((key, n) -> {
            Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
            tally.detections += n;
            tally.peak = Math.max(tally.peak, n);
        });
        return new Added(closed, false);
    }

    /** Closes the window when the clock is past its end by {@code grace}; null when it stays open. */
    WindowRecord closeIfOver(long now, long grace) {
        if (start == Long.MIN_VALUE || now < start + length + grace) {
            return null;
        }
        WindowRecord closed = close();
        start = Long.MIN_VALUE;
        return closed;
    }

    /** What the open window holds so far; null when nothing is open. */
    WindowRecord snapshot() {
        return start == Long.MIN_VALUE ? null : record();
    }

    /** Closes the window now (at shutdown); null when nothing is open. */
    WindowRecord flush() {
        if (start == Long.MIN_VALUE) {
            return null;
        }
        WindowRecord closed = close();
        start = Long.MIN_VALUE;
        return closed;
    }

    private WindowRecord close() {
        WindowRecord record = record();
        frames = 0;
        detections = 0;
        tallies.clear();
        return record;
    }

    private WindowRecord record() {
        List<WindowRecord.Count> counts = new ArrayList<>();
        tallies.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.label().equals(b.label())
                        ? a.zone().compareTo(b.zone()) : a.label().compareTo(b.label())))
                .forEach(e -> counts.add(new WindowRecord.Count(e.getKey().label(),
                        e.getKey().zone().isEmpty() ? null : e.getKey().zone(), e.getValue().detections,
                        e.getValue().peak)));
        return new WindowRecord(camera, start, start + length, frames, detections, counts);
    }
}
