package io.ganglion.runtime.demo;

import io.ganglion.inference.ModelFamily;
import io.ganglion.runtime.config.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the demo finds its real detection model and photos: the shared directory of MODELS.md, {@code ../shared} next
 * to the project (the project root is the nearest directory above the working directory that holds {@code .ci}, else
 * the working directory itself). Never downloaded or copied: when the model is not there, the demo says which file is
 * missing and plays its cameras without detection.
 *
 * @param shared the shared directory, whether or not it exists
 */
public record DemoVision(Path shared) {
    /** The model name the library's {@code ip-camera} profile asks for ({@code camera.detection.model}). */
    public static final String MODEL_NAME = "vehicles";
    static final String MODEL = "models/yolox_nano.onnx";
    static final String CLASSES = "models/coco_classes.txt";
    /** Street photos (cars, a truck, buses, people) for the cameras when the model is there. */
    static final String PHOTOS = "images/coco";

    /** The shared directory next to the project root, found from the working directory. */
    public static DemoVision find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci"))) {
                return new DemoVision(p.resolveSibling("shared"));
            }
        }
        return new DemoVision(dir.resolveSibling("shared"));
    }

    /** The first file the demo's detection needs that is not there; empty when all are. */
    public Optional<Path> missing() {
        for (String relative : new String[] {MODEL, CLASSES}) {
            Path file = shared.resolve(relative);
            if (!Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        Path photos = shared.resolve(PHOTOS);
        return Files.isDirectory(photos) ? Optional.empty() : Optional.of(photos);
    }

    /** YOLOX-Nano as the {@code vehicles} model; only when nothing is {@link #missing()}. */
    public ModelConfig model() {
        return ModelConfig.of(MODEL_NAME, ModelFamily.YOLOX, shared.resolve(MODEL), shared.resolve(CLASSES));
    }

    /** The folder of photos the cameras send; only when nothing is {@link #missing()}. */
    public Path photos() {
        return shared.resolve(PHOTOS).toAbsolutePath();
    }

    /** One line for the console: what is missing and how to get it. */
    public static String howToGet(Path missing) {
        return "Vision: " + missing + " is missing, so the cameras are not played and nothing is detected. Put the"
                + " shared models and photos next to the project (../shared, listed with sha256 and origin in"
                + " ../shared/MODELS.md: YOLOX-Nano is models/yolox_nano.onnx and models/coco_classes.txt from"
                + " Kazuhito00/YOLOX-ONNX-TFLite-Sample, photos under images/coco), or pass --shared DIR.";
    }
}
