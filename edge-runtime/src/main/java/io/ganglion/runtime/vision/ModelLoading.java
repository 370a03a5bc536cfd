package io.ganglion.runtime.vision;

import io.ganglion.inference.ModelException;
import io.ganglion.inference.ModelSettings;
import io.ganglion.inference.VisionModel;
import io.ganglion.inference.VisionModels;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.ModelConfig;
import io.ganglion.runtime.config.VisionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configured models at start, on a thread of its own (ONNX Runtime's session set-up takes a while and must
 * not hold up the rest of the start, nor ever run on an event loop). A model that cannot be used is a configuration
 * error naming the file and key, so the gateway refuses to start (exit code 2) instead of failing on the first frame.
 */
public final class ModelLoading {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoading.class);
    private static final long TIMEOUT_SECONDS = 120;

    private ModelLoading() {
    }

    /** Starts loading {@code vision.models}; an empty map at once when there are none. */
    public static CompletableFuture<Map<String, VisionModel>> loadInBackground(VisionConfig vision, Path configFile) {
        if (vision.models().isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        CompletableFuture<Map<String, VisionModel>> loaded = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                loaded.complete(loadAll(vision.models(), configFile));
            } catch (ConfigException | RuntimeException e) {
                loaded.completeExceptionally(e);
            }
        }, "ganglion-model-loader");
        thread.setDaemon(true);
        thread.start();
        return loaded;
    }

    /** Waits for {@link #loadInBackground}; rethrows its configuration error as such. */
    public static Map<String, VisionModel> await(CompletableFuture<Map<String, VisionModel>> loading)
            throws ConfigException, InterruptedException, TimeoutException {
        try {
            return loading.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof ConfigException config) {
                throw config;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes whatever loaded, e.g. when the start failed elsewhere; waits for the loader first. */
    public static void closeQuietly(CompletableFuture<Map<String, VisionModel>> loading) {
        try {
            loading.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().forEach(VisionModel::close);
        } catch (Exception e) {
            // nothing loaded, or the loader's failure was reported elsewhere
        }
    }

    static Map<String, VisionModel> loadAll(List<ModelConfig> models, Path configFile) throws ConfigException {
        Map<String, VisionModel> loaded = new LinkedHashMap<>();
        try {
            for (int i = 0; i < models.size(); i++) {
                ModelConfig model = models.get(i);
                String key = "vision.models[" + i + "]";
                requireFile(configFile, key + ".path", model.path());
                if (model.labels() != null) {
                    requireFile(configFile, key + ".labels", model.labels());
                }
                if (model.recognizer() != null) {
                    requireFile(configFile, key + ".recognizer", model.recognizer());
                }
                long start = System.nanoTime();
                try {
                    loaded.put(model.name(), load(model.settings()));
                } catch (ModelException e) {
                    throw new ConfigException(configFile, key + ".family", 0, "model '" + model.name() + "' ("
                            + model.path() + ") cannot be used as family " + model.family().key() + ": "
                            + e.getMessage(), e);
                }
                LOG.info("model '{}' ({} {}) loaded in {} ms", model.name(), model.family().key(), model.path(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            return loaded;
        } catch (ConfigException | RuntimeException e) {
            loaded.values().forEach(VisionModel::close);
            throw e;
        }
    }

    /** One model; the inference module checks the file against its family. */
    public static VisionModel load(ModelSettings settings) throws ModelException {
        return VisionModels.load(settings);
    }

    private static void requireFile(Path configFile, String key, Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(configFile, key, 0, "no such file: " + file.toAbsolutePath()
                    + (Files.isDirectory(file) ? " is a directory" : ""));
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(configFile, key, 0, "cannot read " + file.toAbsolutePath());
        }
    }
}
