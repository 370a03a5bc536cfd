package io.ganglion.inference.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.ganglion.inference.GraphOptimization;
import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions as a model's settings say: intra-op threads, graph optimisation level, and the
 * optimised graph cached on disk.
 *
 * <p>The cache: optimising a graph at every start costs hundreds of milliseconds for a detector (more for PP-OCR) on
 * a small gateway. With a cache directory, the first start saves ONNX Runtime's optimised graph there, under a name
 * made from the model file's content hash, the optimisation level and the ONNX Runtime version; later starts load
 * that file with optimisation off. A changed model, level or runtime gets a new name, so a stale graph is never
 * used. The file is written under a temporary name and moved into place, so a crash never leaves half a graph, and
 * a cached graph that fails to load is deleted and the original optimised again.
 */
public final class OrtSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {
    }

    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Opens one session.
     *
     * @param settings the model's settings (threads, level, cache)
     * @param file     the ONNX file: the model, or PP-OCR's recogniser
     * @param key      the configuration key that named the file, for the error message
     */
    public static OrtSession open(ModelSettings settings, Path file, String key) throws ModelException {
        requireReadable(file, settings.name(), key);
        Path cached = null;
        if (settings.cacheDirectory() != null) {
            cached = cachedGraph(settings, file, key);
            if (Files.isRegularFile(cached)) {
                try {
                    return create(cached, settings.threads(), OptLevel.NO_OPT, null);
                } catch (OrtException e) {
                    LOG.warn("model {}: the cached optimised graph {} does not load ({}); optimising {} again",
                            settings.name(), cached, e.getMessage(), file);
                    deleteQuietly(cached);
                }
            }
        }
        try {
            if (cached == null || settings.optimization() == GraphOptimization.NONE) {
                return create(file, settings.threads(), settings.optimization().ortLevel(), null);
            }
            Path partial = cached.resolveSibling(cached.getFileName() + ".partial");
            OrtSession session = create(file, settings.threads(), settings.optimization().ortLevel(), partial);
            moveIntoPlace(partial, cached);
            return session;
        } catch (OrtException e) {
            throw new ModelException("model " + settings.name() + ": " + key + " " + file
                    + " is not a model ONNX Runtime can load: " + e.getMessage(), e);
        }
    }

    private static OrtSession create(Path file, int threads, OptLevel level, Path saveOptimisedTo)
            throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            // One graph branch at a time: these vision models are chains; parallelism comes from intra-op threads
            // and from the camera pipeline's workers.
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            // ONNX Runtime's pool threads spin after each run waiting for the next: on a gateway that shares its
            // few cores with ingest and the store, that is stolen CPU. Measured here with YOLOX-Nano, 2 threads:
            // 30 ms a run without spinning, 38 ms with (docs/benchmarks.md).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(level);
            // ONNX Runtime warns at load about exporter quirks (initialisers listed as graph inputs in UltraFace,
            // one line per tensor) that change nothing for us; errors still reach the log.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (saveOptimisedTo != null) {
                options.setOptimizedModelFilePath(saveOptimisedTo.toString());
            }
            return environment().createSession(file.toString(), options);
        }
    }

    static void requireReadable(Path file, String model, String key) throws ModelException {
        if (!Files.exists(file)) {
            throw new ModelException("model " + model + ": " + key + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelException("model " + model + ": " + key + " " + file + " is not a readable file");
        }
    }

    static Path cachedGraph(ModelSettings settings, Path file, String key) throws ModelException {
        Path directory = settings.cacheDirectory();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ModelException("model " + settings.name() + ": cacheDirectory " + directory
                    + " cannot be created: " + e.getMessage(), e);
        }
        String version = environment().getVersion();
        String name = settings.name() + "-" + key + "-" + contentHash(file, settings.name(), key) + "-"
                + settings.optimization().key() + "-ort" + version + ".onnx";
        return directory.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static String contentHash(Path file, String model, String key) throws ModelException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                digest.update(chunk, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new ModelException("model " + model + ": " + key + " " + file + " cannot be read: "
                    + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void moveIntoPlace(Path partial, Path cached) {
        try {
            if (Files.isRegularFile(partial)) {
                Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The session is fine; only the next start will optimise again.
            LOG.warn("could not keep the optimised graph {}: {}", cached, e.getMessage());
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}", file, e);
        }
    }
}
