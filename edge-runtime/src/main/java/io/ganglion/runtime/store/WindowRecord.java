package io.ganglion.runtime.store;

import java.util.List;
import java.util.Objects;

/**
 * What one camera's model found in one window of frame time: how many frames were analysed, and per class (and per
 * class and zone) how many detections there were in all and at most in one frame.
 *
 * @param start      UTC epoch milliseconds, inclusive; a multiple of the window length
 * @param end        exclusive
 * @param frames     frames analysed in the window
 * @param detections detections in all its frames, every class
 * @param counts     per class over the whole frame (zone null), and per class and zone
 */
public record WindowRecord(String camera, long start, long end, long frames, long detections, List<Count> counts) {
    /**
     * @param zone       null: the whole frame
     * @param detections all detections of the class (in the zone) in the window
     * @param peak       the most in one frame
     */
    public record Count(String label, String zone, long detections, long peak) {
        public Count {
            Objects.requireNonNull(label, "label");
        }

        /** Detections per analysed frame. */
        public double mean(long frames) {
            return frames == 0 ? 0 : (double) detections / frames;
        }
    }

    public WindowRecord {
        Objects.requireNonNull(camera, "camera");
        counts = List.copyOf(counts);
    }
}
