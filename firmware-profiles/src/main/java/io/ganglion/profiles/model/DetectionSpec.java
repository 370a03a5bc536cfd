package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.util.List;
import java.util.Map;

/**
 * Detection settings for a camera's frames ({@code camera.detection}): metadata the vision pipeline applies, kept
 * with the device type so that every camera of a model is analysed the same way.
 *
 * @param model      the detection model's name, e.g. {@code yolox-s}
 * @param confidence detections below this score are discarded (0 to 1, default 0.5)
 * @param classes    the labels to keep, e.g. [car, truck, bus, person]; absent or empty: all the model knows
 * @param zones      named regions of the frame, each a polygon of at least 3 points [x, y] with coordinates from 0
 *                   to 1 (fractions of width and height, from the top left); detections are reported per zone
 */
public record DetectionSpec(String model, Double confidence, List<String> classes,
        Map<String, List<List<Double>>> zones) {
    public DetectionSpec {
        identifier("model", model);
        confidence = orDefault(confidence, 0.5);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new InvalidSettingException("confidence", "a score from 0 to 1", confidence);
        }
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (zones != null) {
            zones.forEach(DetectionSpec::checkZone);
        }
        zones = zones == null ? Map.of() : Map.copyOf(zones);
    }

    private static void checkZone(String name, List<List<Double>> polygon) {
        String key = "zones." + name;
        String expected = "a polygon of at least 3 points [x, y], each coordinate from 0 to 1";
        if (polygon == null || polygon.size() < 3) {
            throw new InvalidSettingException(key, expected, polygon == null ? "nothing" : polygon.size() + " points");
        }
        for (List<Double> point : polygon) {
            if (point == null || point.size() != 2 || point.stream().anyMatch(c -> c == null || c < 0 || c > 1)) {
                throw new InvalidSettingException(key, expected, "point " + point);
            }
        }
    }
}
