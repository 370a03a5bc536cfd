package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vision pipeline (YAML: {@code vision}): the models loaded at start and how camera frames are analysed. A camera
 * is a declared device whose profile has {@code camera.detection}; see docs/vision.md.
 *
 * @param models        the ONNX models, each name once
 * @param workers       frames analysed at the same time, across all cameras (1 to 64, default 1): each worker is one
 *                      thread with its own runner per model
 * @param window        the length of a detection window (counts per camera, class and zone), 1s to 1d, default 60s
 * @param maxFrameBytes the largest frame accepted from any source (MQTT, CoAP, HTTP upload, pull sources); larger ones
 *                      are rejected as {@code oversize}; 1KiB to 64MiB, default 4MiB
 */
public record VisionConfig(List<ModelConfig> models, Integer workers, Duration window, Integer maxFrameBytes) {
    public static final int DEFAULT_WORKERS = 1;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

    public VisionConfig {
        models = List.copyOf(orDefault(models, List.of()));
        workers = inRange("workers", orDefault(workers, DEFAULT_WORKERS), 1, 64);
        window = inRange("window", orDefault(window, DEFAULT_WINDOW), Duration.ofSeconds(1), Duration.ofDays(1));
        maxFrameBytes = inRange("maxFrameBytes", orDefault(maxFrameBytes, DEFAULT_MAX_FRAME_BYTES), 1024,
                64 * 1024 * 1024);
        Set<String> names = new HashSet<>();
        for (ModelConfig model : models) {
            if (!names.add(model.name())) {
                throw new InvalidSettingException("models", "each model name once", "'" + model.name() + "' twice");
            }
        }
    }

    public static VisionConfig defaults() {
        return new VisionConfig(null, null, null, null);
    }

    public Optional<ModelConfig> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
