package io.ganglion.runtime.cli;

import io.ganglion.inference.Detection;
import io.ganglion.inference.GraphOptimization;
import io.ganglion.inference.InferenceException;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelFamily;
import io.ganglion.inference.ModelRunner;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.StageTimes;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionResult;
import io.ganglion.inference.image.Annotator;
import io.ganglion.runtime.vision.ModelLoading;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion infer --model M --image I}: runs one model on one photo the way the gateway would, and prints what
 * it found, one detection per line, and where the time went. For checking a model and its family before configuring
 * it, and for seeing what a camera's frame yields.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run an ONNX model on an image and print the detections (see docs/vision.md).")
final class InferCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "the ONNX model")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "a JPEG or PNG image")
    Path image;

    @Option(names = "--family", paramLabel = "NAME", defaultValue = "yolox",
            description = "yolox (default), classification, ultraface, ppocr or generic")
    String family;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "class names, one per line (yolox, classification; ppocr: its character list)")
    Path labels;

    @Option(names = "--recognizer", paramLabel = "FILE", description = "ppocr: the text recogniser's ONNX file")
    Path recognizer;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ONNX Runtime threads")
    int threads;

    @Option(names = "--score", paramLabel = "S", description = "score threshold (default: the family's)")
    Float score;

    @Option(names = "--out", paramLabel = "FILE", description = "write the image with the detections drawn (JPEG)")
    Path out;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        ModelFamily modelFamily;
        ModelSettings settings;
        try {
            modelFamily = ModelFamily.fromKey(family);
            requireFile("--model", model);
            requireFile("--image", image);
            if (labels != null) {
                requireFile("--labels", labels);
            }
            if (recognizer != null) {
                requireFile("--recognizer", recognizer);
            }
            settings = ModelSettings.of(modelFamily.key(), modelFamily, model, labels)
                    .withSession(threads, GraphOptimization.ALL, null);
            if (recognizer != null) {
                settings = settings.withRecognizer(recognizer);
            }
            if (score != null) {
                settings = settings.withScoreThreshold(score);
            }
        } catch (IllegalArgumentException e) {
            err.println("ganglion infer: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        byte[] jpeg;
        try {
            jpeg = Files.readAllBytes(image);
        } catch (IOException e) {
            err.println("ganglion infer: --image: cannot read " + image + ": " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        try (VisionModel loaded = ModelLoading.load(settings); ModelRunner runner = loaded.newRunner()) {
            VisionResult result = runner.runJpeg(jpeg);
            print(System.out, result);
            if (out != null) {
                Files.write(out, Annotator.annotateJpeg(jpeg, result.detections()));
                System.out.println("annotated image: " + out);
            }
            return GanglionCommand.EXIT_OK;
        } catch (ModelException e) {
            err.println("ganglion infer: --model " + model + " as --family " + modelFamily.key() + ": "
                    + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        } catch (InferenceException e) {
            err.println("ganglion infer: --image " + image + ": " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        } catch (IOException e) {
            err.println("ganglion infer: --out " + out + ": " + e.getMessage());
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        }
    }

    private static void print(PrintStream out, VisionResult result) {
        out.printf(Locale.ROOT, "%d detections in %dx%d%n", result.detections().size(), result.frameWidth(),
                result.frameHeight());
        for (Detection d : result.detections()) {
            out.printf(Locale.ROOT, "%-14s %.3f  box %.0f,%.0f,%.0f,%.0f%s%n", d.label(), d.score(), d.x1(), d.y1(),
                    d.x2(), d.y2(), d.text() == null ? "" : "  text \"" + d.text() + "\"");
        }
        result.raw().forEach(t -> out.printf(Locale.ROOT, "output %s shape %s%n", t.name(),
                java.util.Arrays.toString(t.shape())));
        StageTimes t = result.times();
        out.printf(Locale.ROOT, "times: decode %.1f ms, preprocess %.1f ms, inference %.1f ms, postprocess %.1f ms, "
                        + "total %.1f ms%n", t.decodeNanos() / 1e6, t.preprocessNanos() / 1e6,
                t.inferenceNanos() / 1e6, t.postprocessNanos() / 1e6, t.totalNanos() / 1e6);
    }

    private static void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        }
    }
}
