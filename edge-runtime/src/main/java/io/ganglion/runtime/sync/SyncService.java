package io.ganglion.runtime.sync;

import io.ganglion.cloud.sync.FeedCheckpoint;
import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxSettings;
import io.ganglion.cloud.sync.SyncStatus;
import io.ganglion.cloud.sync.UplinkClient;
import io.ganglion.cloud.sync.UplinkSettings;
import io.ganglion.cloud.sync.WindowSettings;
import io.ganglion.cloud.sync.WindowSummaries;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.api.SyncRequests;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.SyncConfig;
import io.ganglion.runtime.ingest.IngestPipeline;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.vision.CameraPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud sync of a running gateway (docs/sync.md, "Gateway wiring"): the outbox, the feed that fills it from what
 * the store committed, and the uplink client that empties it. {@link #open} (a plain thread) opens the outbox file;
 * {@link #attach} hooks the feed to the store, the ingest pipeline and the camera pipeline before intake starts;
 * {@link #start} starts the clock and the uplink; {@link #close}, after the store has closed, lets the feed append
 * what the last commits closed, stops the uplink and closes the outbox.
 */
public final class SyncService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final SyncConfig config;
    private final Outbox outbox;
    private final UplinkClient uplink;
    private final SyncFeed feed;
    private final Path outboxFile;
    private final StoreEvictions evictions;

    /** The store's eviction counter, for the store_evicting alert; the store is known only from {@link #attach}. */
    private static final class StoreEvictions {
        private volatile LocalStore store;

        long total() {
            LocalStore s = store;
            return s == null ? 0 : s.stats().evictedTotal();
        }
    }

    private SyncService(SyncConfig config, Outbox outbox, UplinkClient uplink, SyncFeed feed, Path outboxFile,
                        StoreEvictions evictions) {
        this.evictions = evictions;
        this.config = config;
        this.outbox = outbox;
        this.uplink = uplink;
        this.feed = feed;
        this.outboxFile = outboxFile;
    }

    /**
     * Opens the outbox (creating its directory) and builds the uplink on {@code vertx}. Blocks: call it from a plain
     * thread.
     *
     * @throws ConfigException when {@code sync.trustPem} cannot be read (exit code 2)
     * @throws Exception       when the outbox file cannot be opened (its error names the file)
     */
    public static SyncService open(GatewayConfig gateway, Path configFile, Vertx vertx, Clock clock)
            throws Exception {
        SyncConfig config = gateway.sync();
        if (config.trustPem() != null && !Files.isReadable(config.trustPem())) {
            throw new ConfigException(configFile, "sync.trustPem", 0, (Files.exists(config.trustPem())
                    ? "cannot read " : "no such file: ") + config.trustPem().toAbsolutePath());
        }
        Path file = config.outboxFile(gateway.store().path());
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Outbox outbox = Outbox.open(new OutboxSettings(file, config.outbox().quotaBytes(),
                        OutboxSettings.DEFAULT_MAX_PENDING), clock)
                .toCompletableFuture().get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        UplinkClient uplink;
        try {
            UplinkSettings settings = UplinkSettings.of(config.endpointUri(), gateway.gatewayId(), config.token())
                    .withTrustPem(config.trustPem())
                    .withBatch(config.batch().maxRecords(), config.batch().maxBytes())
                    .withBackoff(config.backoff().base(), config.backoff().cap())
                    .withDrain(config.drainRecordsPerSecond())
                    .withInFlight(config.batch().maxInFlight());
            uplink = new UplinkClient(vertx, outbox, settings, clock);
        } catch (RuntimeException e) {
            outbox.close(); // a trustPem that cannot be read, say: the outbox must not stay open
            throw e;
        }
        FlushClock summariesClock = new FlushClock(clock);
        WindowSummaries summaries = new WindowSummaries(new WindowSettings(config.window(), config.lateness(),
                WindowSettings.DEFAULT_MAX_OPEN_WINDOWS, WindowSettings.DEFAULT_MAX_SERIES), summariesClock);
        // Past any window a reading can open: ingest accepts device times up to ingest.maxFutureSkew (at most 10
        // years) ahead, and a window ends at most sync.window (1 day) after its reading.
        Duration flushAhead = gateway.ingest().maxFutureSkew().plus(config.window()).plus(config.lateness())
                .plusDays(1);
        StoreEvictions evictions = new StoreEvictions();
        GatewayAlerts alerts = new GatewayAlerts(gateway.gatewayId(), config.window(), evictions::total);
        return new SyncService(config, outbox, uplink,
                new SyncFeed(summaries, summariesClock, flushAhead, outbox, alerts, uplink::wake), file, evictions);
    }

    /**
     * Hooks the feed to what the gateway commits, and takes up where the last run left off (its saved open windows,
     * and its place in the store). Call it before intake starts, so that nothing is missed. Blocks: a plain thread.
     */
    public void attach(LocalStore store, IngestPipeline ingest, CameraPipeline vision) throws Exception {
        FeedCheckpoint.Saved saved = outbox.loadFeed().toCompletableFuture()
                .get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        evictions.store = store;
        feed.resume(SyncFeed.ReadingLog.of(store), saved);
        store.addCommitListener(feed);
        ingest.onStatusStored(feed::statusStored);
        vision.onWindowStored(feed::windowStored);
    }

    public void start() {
        feed.start();
        uplink.start();
        LOG.info("sync: to {} as gateway's uplink, outbox {}, {} windows with {} lateness", config.endpoint(),
                outboxFile, io.ganglion.profiles.ConfigCheck.readable(config.window()),
                io.ganglion.profiles.ConfigCheck.readable(config.lateness()));
    }

    /** The uplink's status and the feed's counters. Blocks up to {@code timeout}: call it off the event loop. */
    public SyncSnapshot snapshot(Duration timeout) throws Exception {
        SyncStatus status = uplink.status().toCompletionStage().toCompletableFuture()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new SyncSnapshot(status, feed.stats(), feed.notKept(), feed.badSkipped(), feed.replayed(),
                feed.missed());
    }

    /**
     * Puts every record the cloud refused (parked) back in the queue and wakes the uplink: for an operator who fixed
     * the cause (a gateway id or token the cloud did not know, say). Blocks up to {@code timeout}. Answers how many.
     */
    public int requeueRefused(Duration timeout) throws Exception {
        int requeued = outbox.requeueRefused().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (requeued > 0) {
            LOG.info("sync: {} refused record(s) requeued by an operator", requeued);
            uplink.wake();
        }
        return requeued;
    }

    /** What the REST API asks of the sync; each call waits at most {@code timeout} for the outbox. */
    public SyncRequests requests(Duration timeout) {
        return new SyncRequests() {
            @Override
            public JsonObject status() throws Exception {
                return snapshot(timeout).toJson();
            }

            @Override
            public JsonObject requeueRefused() throws Exception {
                return new JsonObject().put("requeued", SyncService.this.requeueRefused(timeout));
            }
        };
    }

    /** Call after the store has closed: its last commits are summarised and appended, then the uplink stops. */
    @Override
    public void close() {
        feed.close();
        try {
            uplink.stop().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("sync: the uplink did not stop cleanly", e);
        }
        try {
            outbox.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("sync: the outbox did not close cleanly", e);
        }
    }
}
