package io.ganglion.inference.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.Detection;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.testing.SharedFiles;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** UltraFace RFB-320 on a real group photo. */
class UltraFaceModelTest {
    @Test
    void findsTheFaces() throws Exception {
        try (VisionModel model = VisionModels.load(ModelSettings.of("faces", ModelFamily.ULTRAFACE,
                SharedFiles.model("ultraface-version-RFB-320.onnx"), null));
             ModelRunner runner = model.newRunner()) {
            VisionResult result = runner.runJpeg(Files.readAllBytes(SharedFiles.image("faces_2.jpg")));
            assertThat(result.detections()).hasSize(4).allSatisfy(d -> {
                assertThat(d.label()).isEqualTo("face");
                assertThat(d.score()).isGreaterThanOrEqualTo(0.7f);
            });
            // The four faces, left to right, as boxes (x1, y1, x2, y2) around each face on the 1024x484 photo.
            List<Detection> leftToRight = result.detections().stream()
                    .sorted(Comparator.comparingDouble(Detection::x1)).toList();
            float[][] expected = {{136, 109, 224, 248}, {309, 91, 403, 233}, {551, 78, 650, 223},
                                  {719, 116, 825, 272}};
            for (int i = 0; i < expected.length; i++) {
                Detection face = leftToRight.get(i);
                assertThat(new float[] {face.x1(), face.y1(), face.x2(), face.y2()}).as("face %d", i)
                        .containsExactly(expected[i], Offset.offset(25f));
            }
        }
    }
}
