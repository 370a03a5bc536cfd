package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.BatchCodec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The uplink client's settings, checked when built.
 *
 * @param endpoint              the cloud endpoint's base URI, {@code https://host:port} (or {@code http://} on a
 *                              trusted network); batches go to {@code /api/v1/gateways/{gatewayId}/batches}
 * @param gatewayId             this gateway's id at the cloud
 * @param token                 the per-gateway bearer token
 * @param trustPem              PEM certificates to trust for HTTPS, or null for the JVM's trust store; the host name
 *                              is always verified
 * @param maxBatchRecords       the most records in one request
 * @param maxBatchBytes         about the most payload bytes in one request (as stored, before compression)
 * @param format                the body encoding; {@code gzip} compresses it (Content-Encoding: gzip)
 * @param backoffBase           the first retry waits up to this (full jitter)
 * @param backoffCap            no retry waits longer
 * @param drainRecordsPerSecond after an outage (or a restart), the backlog is sent at most this fast; live records
 *                              and alerts are not limited
 * @param requestTimeout        a request with no answer in this time has failed (retried)
 * @param idlePoll              with nothing to send, look again after this (or on {@link UplinkClient#wake()})
 * @param maxInFlight           requests outstanding at once, 1 to {@value #MAX_IN_FLIGHT}: while one batch is on the
 *                              wire (the endpoint's commit is most of a round trip) the next is taken and encoded;
 *                              1 is strictly one request at a time. After a failure, one request probes until a
 *                              success (docs/sync.md)
 */
public record UplinkSettings(URI endpoint, String gatewayId, String token, Path trustPem, int maxBatchRecords,
                             int maxBatchBytes, BatchCodec.Format format, boolean gzip, Duration backoffBase,
                             Duration backoffCap, int drainRecordsPerSecond, Duration requestTimeout,
                             Duration idlePoll, int maxInFlight) {
    public static final int DEFAULT_MAX_BATCH_RECORDS = 1000;
    public static final int DEFAULT_MAX_BATCH_BYTES = 512 * 1024;
    /** JSON + gzip: the smallest of the four on 1,000 realistic summaries (CBOR + gzip is 7 % larger; docs/sync.md). */
    public static final BatchCodec.Format DEFAULT_FORMAT = BatchCodec.Format.JSON;
    public static final boolean DEFAULT_GZIP = true;
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(5);
    public static final int DEFAULT_DRAIN_RECORDS_PER_SECOND = 500;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_POLL = Duration.ofSeconds(1);
    /** Two: the next batch is taken and encoded while one waits for the endpoint's commit. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2;
    /** More would only queue at the endpoint, and hold more records {@code sent} that a restart must re-send. */
    public static final int MAX_IN_FLIGHT = 16;

    public UplinkSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http:// or https:// URI with a host, not "
                    + endpoint);
        }
        if (gatewayId == null || gatewayId.isBlank() || token == null || token.isBlank()) {
            throw new IllegalArgumentException("gatewayId and token must not be empty");
        }
        if (maxBatchRecords < 1 || maxBatchRecords > io.ganglion.cloud.wire.Batch.MAX_RECORDS) {
            throw new IllegalArgumentException("maxBatchRecords must be 1 to " + io.ganglion.cloud.wire.Batch.MAX_RECORDS
                    + ", not " + maxBatchRecords);
        }
        if (maxBatchBytes < 1024) {
            throw new IllegalArgumentException("maxBatchBytes must be at least 1024, not " + maxBatchBytes);
        }
        Objects.requireNonNull(format, "format");
        positive("backoffBase", backoffBase);
        positive("backoffCap", backoffCap);
        positive("requestTimeout", requestTimeout);
        positive("idlePoll", idlePoll);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap " + backoffCap + " is below backoffBase " + backoffBase);
        }
        if (drainRecordsPerSecond < 1) {
            throw new IllegalArgumentException("drainRecordsPerSecond must be at least 1, not "
                    + drainRecordsPerSecond);
        }
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("maxInFlight must be 1 to " + MAX_IN_FLIGHT + ", not " + maxInFlight);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }

    /** The defaults, for an endpoint, gateway and token. */
    public static UplinkSettings of(URI endpoint, String gatewayId, String token) {
        return new UplinkSettings(endpoint, gatewayId, token, null, DEFAULT_MAX_BATCH_RECORDS, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_FORMAT, DEFAULT_GZIP, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP,
                DEFAULT_DRAIN_RECORDS_PER_SECOND, DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_POLL, DEFAULT_MAX_IN_FLIGHT);
    }

    public UplinkSettings withBackoff(Duration base, Duration cap) {
        return new UplinkSettings(endpoint, gatewayId, token, trustPem, maxBatchRecords, maxBatchBytes, format, gzip,
                base, cap, drainRecordsPerSecond, requestTimeout, idlePoll, maxInFlight);
    }

    public UplinkSettings withBatch(int records, int bytes) {
        return new UplinkSettings(endpoint, gatewayId, token, trustPem, records, bytes, format, gzip, backoffBase,
                backoffCap, drainRecordsPerSecond, requestTimeout, idlePoll, maxInFlight);
    }

    public UplinkSettings withDrain(int recordsPerSecond) {
        return new UplinkSettings(endpoint, gatewayId, token, trustPem, maxBatchRecords, maxBatchBytes, format, gzip,
                backoffBase, backoffCap, recordsPerSecond, requestTimeout, idlePoll, maxInFlight);
    }

    public UplinkSettings withTimeouts(Duration request, Duration idle) {
        return new UplinkSettings(endpoint, gatewayId, token, trustPem, maxBatchRecords, maxBatchBytes, format, gzip,
                backoffBase, backoffCap, drainRecordsPerSecond, request, idle, maxInFlight);
    }

    public UplinkSettings withEncoding(BatchCodec.Format newFormat, boolean newGzip) {
        return new UplinkSettings(endpoint, gatewayId, token, trustPem, maxBatchRecords, maxBatchBytes, newFormat,
                newGzip, backoffBase, backoffCap, drainRecordsPerSecond, requestTimeout, idlePoll, maxInFlight);
    }

    public UplinkSettings withTrustPem(Path pem) {
        return new UplinkSettings(endpoint, gatewayId, token, pem, maxBatchRecords, maxBatchBytes, format, gzip,
                backoffBase, backoffCap, drainRecordsPerSecond, requestTimeout, idlePoll, maxInFlight);
    }

    public UplinkSettings withInFlight(int requests) {
        return new UplinkSettings(endpoint, gatewayId, token, trustPem, maxBatchRecords, maxBatchBytes, format, gzip,
                backoffBase, backoffCap, drainRecordsPerSecond, requestTimeout, idlePoll, requests);
    }
}
