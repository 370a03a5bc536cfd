package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.runtime.doctor.CheckResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model check: a camera of the library's ip-camera profile (whose detection model is {@code vehicles}) with the
 * real YOLOX-Nano of ../shared, a missing file, and a file that is not a model.
 */
class DoctorModelsTest {
    @TempDir
    Path dir;

    private DoctorContext cameraSite(Path model, Path labels) {
        return new DoctorSite(dir)
                .with("devices", "\n  - id: cam-north\n    profile: ip-camera")
                .with("vision", "\n  models:\n    - name: vehicles\n      family: yolox\n      path: " + model
                        + "\n      labels: " + labels)
                .load();
    }

    private Path labels() throws Exception {
        return Files.writeString(dir.resolve("labels.txt"), "person\nbicycle\ncar\n");
    }

    @Test
    void a_missing_model_is_a_FAIL_naming_key_and_path() throws Exception {
        Path missing = dir.resolve("models/yolox_nano.onnx");

        List<CheckResult> results = new ModelFilesCheck(cameraSite(missing, labels())).run();

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAIL);
            assertThat(r.found()).isEqualTo("model 'vehicles' (yolox, " + missing + "): vision.models[0].path "
                    + missing + " does not exist");
        });
    }

    @Test
    void a_file_that_is_not_a_model_is_a_FAIL() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("vehicles.onnx"), "<html>404 Not Found</html>\n");

        List<CheckResult> results = new ModelFilesCheck(cameraSite(notAModel, labels())).run();

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAIL);
            assertThat(r.found()).startsWith("model 'vehicles' (yolox, " + notAModel + ")");
            assertThat(r.fix()).contains("vision.models[0].path");
        });
    }

    @Test
    void a_camera_whose_model_is_not_defined_is_a_FAIL() {
        DoctorContext context = new DoctorSite(dir).with("devices", "\n  - id: cam-north\n    profile: ip-camera")
                .load();

        assertThat(new ModelFilesCheck(context).run()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAIL);
            assertThat(r.found()).contains("cam-north").contains("'vehicles'");
        });
    }

    @Test
    void the_real_yolox_nano_loads_and_names_its_camera() {
        Path model = SharedFiles.model("yolox_nano.onnx");
        Path labels = SharedFiles.model("coco_classes.txt");

        List<CheckResult> results = new ModelFilesCheck(cameraSite(model, labels)).run();

        assertThat(results).singleElement().isEqualTo(CheckResult.ok("models", "model 'vehicles' (yolox, " + model
                + ") loads with the inputs of its family; used by cam-north; 80 labels"));
    }
}
