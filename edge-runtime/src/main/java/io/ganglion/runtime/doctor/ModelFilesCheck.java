package io.ganglion.runtime.doctor;

import io.ganglion.inference.ModelException;
import io.ganglion.inference.VisionModel;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.ModelConfig;
import io.ganglion.runtime.profiles.DeviceProfiles;
import io.ganglion.runtime.profiles.ProfileCatalog;
import io.ganglion.runtime.vision.Camera;
import io.ganglion.runtime.vision.Cameras;
import io.ganglion.runtime.vision.ModelLoading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ONNX models of {@code vision.models}, which the gateway loads at start, and which camera (a declared device
 * whose profile has {@code camera.detection}) uses which: every file exists and is readable, and the model loads as an
 * ONNX Runtime session whose inputs and outputs fit its family, as at the gateway's start.
 */
final class ModelFilesCheck implements Check {
    static final String NAME = "models";
    private final DoctorContext context;

    ModelFilesCheck(DoctorContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Setting up an ONNX Runtime session of a large model takes seconds on a small board. */
    @Override
    public Duration timeout() {
        return Duration.ofMinutes(2);
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        List<Camera> cameras = List.of();
        if (context.profiles() != null) {
            try {
                cameras = Cameras.of(context.config().devices(), new DeviceProfiles(new ProfileCatalog(
                        context.profiles())), context.config().vision(), context.configFile());
            } catch (ConfigException e) {
                results.add(CheckResult.fail(NAME, e.getMessage(), "define the model in vision.models, or name"
                        + " one that is defined in the camera's camera.model (docs/vision.md)"));
            }
        }
        List<ModelConfig> models = context.config().vision().models();
        if (models.isEmpty() && results.isEmpty()) {
            results.add(CheckResult.ok(NAME, "no camera and no model configured"));
        }
        for (int i = 0; i < models.size(); i++) {
            results.add(check(models.get(i), "vision.models[" + i + "]", cameras));
        }
        return results;
    }

    private static CheckResult check(ModelConfig model, String key, List<Camera> cameras) {
        String what = "model '" + model.name() + "' (" + model.family().key() + ", " + model.path() + ")";
        Optional<CheckResult> missing = missingFile(what, key + ".path", model.path())
                .or(() -> model.labels() == null ? Optional.empty()
                        : missingFile(what, key + ".labels", model.labels()))
                .or(() -> model.recognizer() == null ? Optional.empty()
                        : missingFile(what, key + ".recognizer", model.recognizer()));
        if (missing.isPresent()) {
            return missing.get();
        }
        List<String> users = cameras.stream().filter(c -> c.model().equals(model.name())).map(Camera::id).toList();
        String usedBy = users.isEmpty() ? "no camera uses it" : "used by " + String.join(", ", users);
        try (VisionModel loaded = ModelLoading.load(model.settings())) {
            return CheckResult.ok(NAME, what + " loads with the inputs of its family; " + usedBy
                    + (loaded.labels().isEmpty() ? "" : "; " + loaded.labels().size() + " labels"));
        } catch (ModelException e) {
            return CheckResult.fail(NAME, what + " cannot be used as family " + model.family().key() + ": "
                    + e.getMessage(), "point " + key + ".path to an ONNX model of family " + model.family().key()
                    + " (docs/models.md; `ganglion infer --model FILE --image PHOTO` tries one)");
        } catch (RuntimeException e) {
            return CheckResult.fail(NAME, what + " does not load: " + e, "point " + key + ".path to a valid ONNX"
                    + " model of family " + model.family().key() + " (docs/models.md)");
        }
    }

    private static Optional<CheckResult> missingFile(String what, String key, Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(CheckResult.fail(NAME, what + ": " + key + " " + file.toAbsolutePath()
                    + (Files.isDirectory(file) ? " is a directory" : " does not exist"), "put the file there or"
                    + " correct " + key + " (relative paths are from the gateway's working directory)"));
        }
        if (!Files.isReadable(file)) {
            return Optional.of(CheckResult.fail(NAME, what + ": " + key + " " + file.toAbsolutePath()
                    + " is not readable by user " + System.getProperty("user.name"), "chmod a+r " + file));
        }
        return Optional.empty();
    }
}
