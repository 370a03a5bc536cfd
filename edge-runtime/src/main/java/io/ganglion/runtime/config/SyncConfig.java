package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.cloud.sync.UplinkSettings;
import io.ganglion.profiles.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cloud sync (YAML: {@code sync}): window summaries, detection counts and status changes go through a durable
 * outbox to the cloud endpoint; see docs/sync.md. Off unless an {@code endpoint} is given.
 *
 * @param enabled               default: true when an endpoint is given, else false
 * @param endpoint              the cloud endpoint's base URL, {@code https://host:port} (or {@code http://} on a
 *                              trusted network); required when enabled
 * @param token                 this gateway's bearer token at the endpoint, normally {@code ${SYNC_TOKEN}}; required
 *                              when enabled; never logged, never returned by the API
 * @param trustPem              PEM certificates to trust for HTTPS; none: the JVM's trust store
 * @param outbox                the outbox file and its byte quota
 * @param window                the length of a summary window, 1s to 1d, default 60s
 * @param lateness              how long after its end a window waits for late readings, 0s to 1h, default 10s
 * @param batch                 the size of one request
 * @param drainRecordsPerSecond the backlog's rate after an outage or a restart, 1 to 1000000, default 500
 * @param backoff               the retry delays (exponential, full jitter)
 */
public record SyncConfig(Boolean enabled, String endpoint, String token, Path trustPem, OutboxConfig outbox,
                         Duration window, Duration lateness, BatchConfig batch, Integer drainRecordsPerSecond,
                         BackoffConfig backoff) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LATENESS = Duration.ofSeconds(10);
    public static final int DEFAULT_DRAIN_RECORDS_PER_SECOND = 500;

    /**
     * @param path       the outbox's SQLite file; default: {@code outbox.db} beside the store's file
     * @param quotaBytes the most bytes the outbox keeps (oldest summaries sacrificed first), 4KiB and up, default
     *                   256MiB
     */
    public record OutboxConfig(Path path, Long quotaBytes) {
        public static final long DEFAULT_QUOTA_BYTES = 256L * 1024 * 1024;

        public OutboxConfig {
            quotaBytes = inRange("quotaBytes", orDefault(quotaBytes, DEFAULT_QUOTA_BYTES), 4096, Long.MAX_VALUE);
        }
    }

    /**
     * @param maxRecords  records in one request, 1 to 10000, default 1000
     * @param maxBytes    stored bytes in one request (before compression), 1KiB to 64MiB, default 512KiB
     * @param maxInFlight requests outstanding at once, 1 to 16, default 2; 1 sends strictly one at a time
     */
    public record BatchConfig(Integer maxRecords, Integer maxBytes, Integer maxInFlight) {
        public BatchConfig {
            maxRecords = inRange("maxRecords", orDefault(maxRecords, 1000), 1, 10_000);
            maxBytes = inRange("maxBytes", orDefault(maxBytes, 512 * 1024), 1024, 64 * 1024 * 1024);
            maxInFlight = inRange("maxInFlight", orDefault(maxInFlight, UplinkSettings.DEFAULT_MAX_IN_FLIGHT), 1,
                    UplinkSettings.MAX_IN_FLIGHT);
        }
    }

    /**
     * @param base the first retry waits up to this, 1ms to 1h, default 1s
     * @param cap  no retry waits longer, at least {@code base}, at most 1d, default 5m
     */
    public record BackoffConfig(Duration base, Duration cap) {
        public BackoffConfig {
            base = inRange("base", orDefault(base, Duration.ofSeconds(1)), Duration.ofMillis(1), Duration.ofHours(1));
            cap = inRange("cap", orDefault(cap, Duration.ofMinutes(5)), Duration.ofMillis(1), Duration.ofDays(1));
            if (cap.compareTo(base) < 0) {
                throw new InvalidSettingException("cap", "a duration of at least backoff.base ("
                        + io.ganglion.profiles.ConfigCheck.readable(base) + ")",
                        io.ganglion.profiles.ConfigCheck.readable(cap));
            }
        }
    }

    public SyncConfig {
        enabled = orDefault(enabled, endpoint != null);
        outbox = orDefault(outbox, new OutboxConfig(null, null));
        window = inRange("window", orDefault(window, DEFAULT_WINDOW), Duration.ofSeconds(1), Duration.ofDays(1));
        lateness = inRange("lateness", orDefault(lateness, DEFAULT_LATENESS), Duration.ZERO, Duration.ofHours(1));
        batch = orDefault(batch, new BatchConfig(null, null, null));
        drainRecordsPerSecond = inRange("drainRecordsPerSecond",
                orDefault(drainRecordsPerSecond, DEFAULT_DRAIN_RECORDS_PER_SECOND), 1, 1_000_000);
        backoff = orDefault(backoff, new BackoffConfig(null, null));
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        if (enabled) {
            if (endpoint == null) {
                throw new InvalidSettingException("endpoint", "the cloud endpoint's URL (https://host:port) when"
                        + " sync is enabled", "nothing");
            }
            if (token == null || token.isBlank()) {
                // Never echo a token, not even a blank one.
                throw new InvalidSettingException("token", "this gateway's bearer token (e.g. ${SYNC_TOKEN}) when"
                        + " sync is enabled", "nothing");
            }
        }
    }

    private static void checkEndpoint(String endpoint) {
        String expected = "an http:// or https:// URL with a host, e.g. https://cloud.example.com:8443";
        try {
            URI uri = new URI(endpoint);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new InvalidSettingException("endpoint", expected, "'" + endpoint + "'");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("endpoint", expected, "'" + endpoint + "'");
        }
    }

    public static SyncConfig defaults() {
        return new SyncConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public URI endpointUri() {
        return URI.create(endpoint);
    }

    /** The outbox file: {@code outbox.path}, else {@code outbox.db} beside the store's file. */
    public Path outboxFile(Path storeFile) {
        return outbox.path() != null ? outbox.path() : storeFile.resolveSibling("outbox.db");
    }

    /** Without the token: configurations are logged and shown in test failures. */
    @Override
    public String toString() {
        return "SyncConfig[enabled=" + enabled + ", endpoint=" + endpoint + ", token=" + (token == null ? "none" : "***")
                + ", trustPem=" + trustPem + ", outbox=" + outbox + ", window=" + window + ", lateness=" + lateness
                + ", batch=" + batch + ", drainRecordsPerSecond=" + drainRecordsPerSecond + ", backoff=" + backoff
                + "]";
    }
}
