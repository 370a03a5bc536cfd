package io.ganglion.runtime.profiles;

import io.ganglion.drivers.mqtt.TopicRouter;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: looks at the profile directory every {@code profiles.checkInterval} and, when its files changed and then
 * stayed unchanged for one more interval, loads them, checks them as at start (every file valid, the configured devices still find their profile or model, the test
 * vectors pass, the topic templates can be told apart) and only then swaps the new set in, all at once. A change that
 * fails any check is refused with every problem logged and shown at {@code /api/v1/profiles}; the profiles in force
 * stay, so a half-saved file or a typo never stops devices from being decoded.
 *
 * <p>Runs on its own daemon thread: loading reads files, which must not happen on an event loop.
 */
public final class ProfileReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileReloader.class);

    /** What the last look at a changed directory did. */
    public record Outcome(Instant at, boolean applied, long generation, List<String> problems) {
    }

    private final GatewayConfig config;
    private final Path directory;
    private final ProfileCatalog catalog;
    private final TopicRouter router;
    private final Counter applied;
    private final Counter refused;
    private final ScheduledExecutorService scheduler;
    private long lastFingerprint;
    private long pendingFingerprint;
    private volatile Outcome lastOutcome;

    /**
     * @param initialFingerprint the fingerprint of the directory the catalog's set was loaded from, so that the first
     *                           look does not reload what is already in force
     */
    ProfileReloader(GatewayConfig config, ProfileCatalog catalog, TopicRouter router, long initialFingerprint,
                    MeterRegistry registry) {
        this.config = config;
        this.directory = config.profiles().directory();
        this.catalog = catalog;
        this.router = router;
        this.lastFingerprint = initialFingerprint;
        this.applied = Counter.builder("ganglion.profiles.reloads").tag("outcome", "applied")
                .description("Changes to the profile directory, by outcome").register(registry);
        this.refused = Counter.builder("ganglion.profiles.reloads").tag("outcome", "refused")
                .description("Changes to the profile directory, by outcome").register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganglion-profiles-reload");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long interval = config.profiles().checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                checkNow();
            } catch (RuntimeException e) {
                LOG.error("profile reload check failed; the profiles in force stay", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("watching {} for profile changes every {} ms", directory, interval);
    }

    /** Looks at the directory once; reloads if it changed and has settled since the previous look. */
    public synchronized void checkNow() {
        long fingerprint = ProfileDirectory.fingerprint(directory);
        if (fingerprint == lastFingerprint) {
            return;
        }
        if (fingerprint != pendingFingerprint) {
            // Changed since the last look: an editor or a copy may still be writing. Load it once it has stayed the
            // same for a whole interval, rather than refuse a half-written file with an alarming log.
            pendingFingerprint = fingerprint;
            return;
        }
        lastFingerprint = fingerprint;
        List<String> problems = new ArrayList<>();
        ProfileSet next = null;
        try {
            next = ProfileSet.load(directory, ProfileSet.library());
        } catch (ProfileSetException e) {
            e.problems().forEach(p -> problems.add(p.getMessage()));
        }
        if (next != null) {
            ProfileChecks.devices(config, next).forEach(p -> problems.add("gateway configuration " + p));
            ProfileChecks.vectors(next).forEach(p -> problems.add(p.toString()));
        }
        if (problems.isEmpty()) {
            try {
                router.replace(ProfileTemplates.of(next));
            } catch (IllegalArgumentException e) {
                problems.add(directory + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            refused.increment();
            lastOutcome = new Outcome(Instant.now(), false, catalog.generation(), List.copyOf(problems));
            LOG.error("profiles in {} changed but were refused; the {} profiles in force stay:\n  {}", directory,
                    catalog.set().size(), String.join("\n  ", problems));
            return;
        }
        catalog.replace(next);
        applied.increment();
        lastOutcome = new Outcome(Instant.now(), true, catalog.generation(), List.of());
        LOG.info("profiles in {} changed: {} profiles now in force (generation {})", directory, next.size(),
                catalog.generation());
    }

    /** The outcome of the last change seen, or null when nothing changed since start. */
    public Outcome lastOutcome() {
        return lastOutcome;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /**
     * Loads the profiles for a starting gateway: the library, overridden by {@code profiles.directory} when set, with
     * the same checks as a reload.
     *
     * @throws ProfileSetException when a profile file is invalid (exit code 2)
     * @throws ConfigException     when the configuration names a profile or model that is not loaded, or a test
     *                             vector fails (exit code 2)
     */
    public static Loaded loadAtStart(GatewayConfig config, Path configFile)
            throws ProfileSetException, ConfigException {
        Path dir = config.profiles().directory();
        // Before loading: a change while loading is then seen by the first look of the reloader.
        long fingerprint = dir == null ? 0 : ProfileDirectory.fingerprint(dir);
        ProfileSet set = dir == null ? ProfileSet.library() : ProfileSet.load(dir, ProfileSet.library());
        List<ProfileChecks.Problem> devices = ProfileChecks.devices(config, set);
        if (!devices.isEmpty()) {
            ProfileChecks.Problem first = devices.get(0);
            throw new ConfigException(configFile, first.key(), 0, first.message());
        }
        List<ProfileChecks.Problem> vectors = ProfileChecks.vectors(set);
        if (!vectors.isEmpty()) {
            throw new ConfigException(dir == null ? configFile : dir, "profiles", 0, vectors.size()
                    + " test vectors fail, so these profiles would decode devices wrongly: " + vectors);
        }
        try {
            new TopicRouter(ProfileTemplates.of(set));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(dir == null ? configFile : dir, "profiles", 0, e.getMessage());
        }
        return new Loaded(set, fingerprint);
    }

    /**
     * {@link #loadAtStart} on a thread of its own, so that reading the profile files overlaps opening the store and
     * starting Vert.x (on a cold JVM, the YAML parsing is a good part of start-up).
     */
    public static CompletableFuture<Loaded> loadInBackground(GatewayConfig config, Path configFile) {
        CompletableFuture<Loaded> loaded = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                loaded.complete(loadAtStart(config, configFile));
            } catch (Exception | Error e) {
                loaded.completeExceptionally(e);
            }
        }, "ganglion-profiles-load");
        loader.setDaemon(true);
        loader.start();
        return loaded;
    }

    /** Waits for {@link #loadInBackground}, rethrowing what loading threw. */
    public static Loaded await(CompletableFuture<Loaded> loading) throws ProfileSetException, ConfigException,
            InterruptedException {
        try {
            return loading.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProfileSetException p) {
                throw p;
            }
            if (cause instanceof ConfigException c) {
                throw c;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("loading the firmware profiles failed", cause);
        }
    }

    /** The profiles a gateway starts with, and the fingerprint of the directory they came from. */
    public record Loaded(ProfileSet set, long fingerprint) {
    }

    /** A reloader for the gateway's directory, or null when there is none or reload is off. */
    public static ProfileReloader forGateway(GatewayConfig config, Loaded loaded, ProfileCatalog catalog,
                                             TopicRouter router, MeterRegistry registry) {
        Path dir = config.profiles().directory();
        if (dir == null || !config.profiles().reload()) {
            return null;
        }
        ProfileReloader reloader = new ProfileReloader(config, catalog, router, loaded.fingerprint(), registry);
        reloader.start();
        return reloader;
    }
}
