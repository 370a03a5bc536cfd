package io.ganglion.runtime.vision;

import io.ganglion.runtime.config.CameraConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One camera as the vision pipeline runs it: its profile's detection settings with the device's own overrides
 * applied.
 *
 * @param id         the device id
 * @param model      the {@code vision.models} name that analyses its frames
 * @param confidence detections scoring below this are dropped
 * @param classes    the labels kept; empty: all
 * @param zones      the zones counted separately
 * @param settings   the device's own camera settings (its pull source, if any)
 */
public record Camera(String id, String model, double confidence, Set<String> classes, List<Zone> zones,
                     CameraConfig settings) {
    public Camera {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        classes = Set.copyOf(classes);
        zones = List.copyOf(zones);
        settings = settings == null ? CameraConfig.defaults() : settings;
    }

    /** Whether a detection of this label and score is kept. */
    public boolean keeps(String label, float score) {
        return score >= confidence && (classes.isEmpty() || classes.contains(label));
    }

    /** The zones a box is in, by its bottom-centre point. */
    public List<String> zonesOf(float x1, float x2, float y2, int frameWidth, int frameHeight) {
        if (zones.isEmpty()) {
            return List.of();
        }
        List<String> in = new ArrayList<>(2);
        for (Zone zone : zones) {
            if (zone.containsFootOf(x1, x2, y2, frameWidth, frameHeight)) {
                in.add(zone.name());
            }
        }
        return in;
    }
}
