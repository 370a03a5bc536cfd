package io.ganglion.inference.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.JpegDecoder;
import io.ganglion.inference.testing.SharedFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Steady operation reuses the pixel buffer, the input tensor and the outputs. Our part of a frame (pre-processing,
 * the run, post-processing) allocates almost nothing on the Java heap: a fresh tensor and output would be 2 MB and
 * 1.2 MB. The JDK's JPEG reader copies each scanline through a temporary array, about one frame's worth of
 * short-lived garbage per decode; the test bounds it at that, so that nothing else creeps in.
 */
class SteadyAllocationTest {
    @Test
    void aFrameAllocatesLittleOnceWarm() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] jpeg = Files.readAllBytes(SharedFiles.image("dog.jpg"));
        try (VisionModel model = VisionModels.load(ModelSettings.of("cars", ModelFamily.YOLOX,
                SharedFiles.model("yolox_nano.onnx"), SharedFiles.model("coco_classes.txt")));
             ModelRunner runner = model.newRunner()) {
            for (int i = 0; i < 5; i++) {
                runner.runJpeg(jpeg);
            }
            long tid = Thread.currentThread().getId();
            int frames = 10;
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < frames; i++) {
                runner.runJpeg(jpeg);
            }
            long wholePerFrame = (threads.getThreadAllocatedBytes(tid) - before) / frames;

            Frame frame;
            try (JpegDecoder decoder = new JpegDecoder()) {
                frame = decoder.decode(jpeg);
                before = threads.getThreadAllocatedBytes(tid);
                for (int i = 0; i < frames; i++) {
                    runner.run(frame);
                }
            }
            long oursPerFrame = (threads.getThreadAllocatedBytes(tid) - before) / frames;
            System.out.printf("heap bytes per frame: %d from JPEG, %d from a decoded frame%n", wholePerFrame,
                    oursPerFrame);
            assertThat(oursPerFrame).as("pre-processing, run and post-processing").isLessThan(16 * 1024);
            assertThat(wholePerFrame).as("with the JDK's decode").isLessThan(frame.bgr().length * 3L / 2);
        }
    }
}
