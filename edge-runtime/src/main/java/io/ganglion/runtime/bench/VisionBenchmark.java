package io.ganglion.runtime.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.ganglion.inference.GraphOptimization;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.StageTimes;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.JpegDecoder;
import io.ganglion.inference.ort.OrtSessions;
import io.ganglion.inference.ort.PinnedIo;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * {@code ganglion bench vision}: YOLOX-Nano end to end, from JPEG bytes to detections, on this machine's cores.
 * Frames per second, the share of each stage (decode, pre-processing, inference, post-processing), and resident
 * memory before the model is loaded, once it is, and while frames flow; in the same run, ONNX Runtime alone on a
 * ready tensor with the same session settings, so the figures can be read as a ratio.
 *
 * <p>Each layout is W workers x T intra-op threads: one frame at a time on both cores (1x2), or two frames at a time
 * on one core each (2x1), the two ways a gateway can spend its cores on one camera stream.
 */
final class VisionBenchmark {
    /** One worker/thread split to measure. */
    record Layout(int workers, int threads) {
        static Layout parse(String text) {
            String[] parts = text.trim().split("x");
            return new Layout(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public String toString() {
            return workers + "x" + threads;
        }
    }

    private final Path model;
    private final Path labels;
    private final List<byte[]> frames;
    private final List<Layout> layouts;
    private final int seconds;
    private final int rounds;

    VisionBenchmark(Path model, Path labels, List<byte[]> frames, List<Layout> layouts, int seconds, int rounds) {
        this.model = model;
        this.labels = labels;
        this.frames = frames;
        this.layouts = layouts;
        this.seconds = seconds;
        this.rounds = rounds;
    }

    /** The photos of a folder, as they are or re-encoded at a camera's size (quality 0.85, as cameras default). */
    static List<byte[]> loadFrames(Path directory, int width, int height) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no .jpg photos under " + directory);
        }
        List<byte[]> frames = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            frames.add(width > 0 ? reencode(bytes, width, height) : bytes);
        }
        return frames;
    }

    private static byte[] reencode(byte[] jpeg, int width, int height) throws IOException {
        BufferedImage source = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(scaled, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    void run() throws Exception {
        double rssStart = residentMb();
        System.out.printf("vision: %d frames (first %d bytes), %d s per measurement, %d rounds, %d cores%n",
                frames.size(), frames.get(0).length, seconds, rounds, Runtime.getRuntime().availableProcessors());
        for (Layout layout : layouts) {
            ModelSettings settings = ModelSettings.of("bench", ModelFamily.YOLOX, model, labels)
                    .withSession(layout.threads(), GraphOptimization.ALL, null);
            try (VisionModel loaded = VisionModels.load(settings)) {
                double rssLoaded = residentMb();
                double[] overhead = overhead(loaded, settings);
                System.out.printf("RESULT vision-overhead layout=%s ort_run_alone_median_ms=%.2f"
                        + " ready_tensor_to_detections_median_ms=%.2f ratio=%.3f%n", layout, overhead[0],
                        overhead[1], overhead[1] / overhead[0]);
                List<Double> endToEnd = new ArrayList<>();
                List<Double> ortAlone = new ArrayList<>();
                List<double[]> shares = new ArrayList<>();
                List<double[]> stageMs = new ArrayList<>();
                double rssFlowing = 0;
                for (int round = 1; round <= rounds; round++) {
                    ortAlone.add(ortAloneFps(loaded, settings, layout.workers()));
                    Round r = endToEnd(loaded, layout.workers());
                    endToEnd.add(r.fps);
                    shares.add(r.shares());
                    stageMs.add(r.medianMs());
                    rssFlowing = Math.max(rssFlowing, r.peakRssMb);
                    System.out.printf("  %s round %d: %.1f frames/s end to end, ONNX Runtime alone %.1f runs/s;"
                            + " median ms decode %.2f, pre %.2f, inference %.2f, post %.2f%n", layout, round, r.fps,
                            ortAlone.get(round - 1), r.medianMs()[0], r.medianMs()[1], r.medianMs()[2],
                            r.medianMs()[3]);
                }
                double[] share = medianEach(shares);
                double[] ms = medianEach(stageMs);
                System.out.printf("RESULT vision layout=%s fps_median=%.1f ort_alone_runs_per_s_median=%.1f"
                                + " share_decode=%.1f%% share_pre=%.1f%% share_inference=%.1f%% share_post=%.1f%%"
                                + " ms_decode=%.2f ms_pre=%.2f ms_inference=%.2f ms_post=%.2f"
                                + " rss_start_mb=%.0f rss_loaded_mb=%.0f rss_flowing_peak_mb=%.0f%n",
                        layout, Stats.median(endToEnd), Stats.median(ortAlone), share[0], share[1], share[2],
                        share[3], ms[0], ms[1], ms[2], ms[3], rssStart, rssLoaded, rssFlowing);
            }
        }
    }

    /**
     * Our path from a ready input tensor to detections against {@code OrtSession.run} alone on a tensor of the
     * same contents, with the same session settings, interleaved one by one (alternating which goes first) so that
     * the machine's changing load falls on both alike. Returns the two medians in milliseconds.
     */
    private double[] overhead(VisionModel loaded, ModelSettings settings) throws Exception {
        int pairs = Math.max(50, seconds * 10);
        try (OrtSession raw = OrtSessions.open(settings, settings.model(), "path");
             io.ganglion.inference.detect.YoloxModel.Runner ours =
                     ((io.ganglion.inference.detect.YoloxModel) loaded).newRunner();
             JpegDecoder decoder = new JpegDecoder()) {
            Frame frame = decoder.decode(frames.get(0), 416);
            ours.prepare(frame);
            try (OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), copyOf(ours.input()),
                    new long[] {1, 3, 416, 416})) {
                Map<String, OnnxTensor> inputs = Map.of(raw.getInputNames().iterator().next(), tensor);
                List<Double> rawMs = new ArrayList<>();
                List<Double> oursMs = new ArrayList<>();
                for (int i = -10; i < pairs; i++) { // 10 pairs of warm-up
                    boolean rawFirst = (i & 1) == 0;
                    for (int k = 0; k < 2; k++) {
                        long start = System.nanoTime();
                        if (rawFirst == (k == 0)) {
                            try (OrtSession.Result ignored = raw.run(inputs)) {
                                record(i, rawMs, start);
                            }
                        } else {
                            ours.detectPrepared(frame.width(), frame.height());
                            record(i, oursMs, start);
                        }
                    }
                }
                return new double[] {Stats.median(rawMs), Stats.median(oursMs)};
            }
        }
    }

    private static void record(int pair, List<Double> into, long start) {
        if (pair >= 0) {
            into.add((System.nanoTime() - start) / 1e6);
        }
    }

    private static double[] medianEach(List<double[]> rows) {
        double[] result = new double[rows.get(0).length];
        for (int i = 0; i < result.length; i++) {
            List<Double> column = new ArrayList<>();
            for (double[] row : rows) {
                column.add(row[i]);
            }
            result[i] = Stats.median(column);
        }
        return result;
    }

    /** What one measurement of the whole path saw. */
    private record Round(double fps, List<StageTimes> times, double peakRssMb) {
        double[] shares() {
            double[] sum = new double[4];
            for (StageTimes t : times) {
                sum[0] += t.decodeNanos();
                sum[1] += t.preprocessNanos();
                sum[2] += t.inferenceNanos();
                sum[3] += t.postprocessNanos();
            }
            double total = sum[0] + sum[1] + sum[2] + sum[3];
            for (int i = 0; i < 4; i++) {
                sum[i] = 100 * sum[i] / total;
            }
            return sum;
        }

        double[] medianMs() {
            double[] result = new double[4];
            List<List<Double>> columns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
            for (StageTimes t : times) {
                columns.get(0).add(t.decodeNanos() / 1e6);
                columns.get(1).add(t.preprocessNanos() / 1e6);
                columns.get(2).add(t.inferenceNanos() / 1e6);
                columns.get(3).add(t.postprocessNanos() / 1e6);
            }
            for (int i = 0; i < 4; i++) {
                result[i] = Stats.median(columns.get(i));
            }
            return result;
        }
    }

    private Round endToEnd(VisionModel model, int workers) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<List<StageTimes>> perWorker = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < workers; w++) {
            List<StageTimes> mine = new ArrayList<>();
            perWorker.add(mine);
            int offset = w;
            Thread thread = new Thread(() -> {
                try (ModelRunner runner = model.newRunner()) {
                    for (int i = offset; !stop.get(); i++) {
                        StageTimes times = runner.runJpeg(frames.get(i % frames.size())).times();
                        if (measuring.get()) {
                            mine.add(times);
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "bench-vision-" + w);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(2000); // warm-up: JIT, the session's first runs
        measuring.set(true);
        long start = System.nanoTime();
        double peakRss = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            Thread.sleep(250);
            peakRss = Math.max(peakRss, residentMb());
        }
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        List<StageTimes> all = new ArrayList<>();
        perWorker.forEach(all::addAll);
        return new Round(all.size() / elapsed, all, peakRss);
    }

    /** A direct copy of an input tensor, for a session of its own to read. */
    private static FloatBuffer copyOf(FloatBuffer input) {
        FloatBuffer copy = PinnedIo.directFloats(input.capacity());
        float[] values = new float[input.capacity()];
        input.get(0, values);
        copy.put(0, values);
        return copy;
    }

    /** Runs per second of ONNX Runtime alone on a ready tensor, from as many threads as there are workers. */
    private double ortAloneFps(VisionModel loaded, ModelSettings settings, int workers) throws Exception {
        try (OrtSession session = OrtSessions.open(settings, settings.model(), "path");
             io.ganglion.inference.detect.YoloxModel.Runner runner =
                     ((io.ganglion.inference.detect.YoloxModel) loaded).newRunner();
             JpegDecoder decoder = new JpegDecoder()) {
            String input = session.getInputNames().iterator().next();
            runner.prepare(decoder.decode(frames.get(0), 416));
            FloatBuffer buffer = copyOf(runner.input());
            List<OnnxTensor> tensors = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean(false);
            AtomicBoolean measuring = new AtomicBoolean(false);
            long[] counts = new long[workers];
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), buffer,
                        new long[] {1, 3, 416, 416});
                tensors.add(tensor);
                int index = w;
                Thread thread = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            try (OrtSession.Result ignored = session.run(Map.of(input, tensor))) {
                                if (measuring.get()) {
                                    counts[index]++;
                                }
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "bench-ort-" + w);
                threads.add(thread);
                thread.start();
            }
            Thread.sleep(1000);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(Math.max(1, seconds / 2) * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            tensors.forEach(OnnxTensor::close);
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total / elapsed;
        }
    }

    static double residentMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
    }
}
