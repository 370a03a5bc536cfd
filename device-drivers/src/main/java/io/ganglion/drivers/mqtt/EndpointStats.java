package io.ganglion.drivers.mqtt;

import io.ganglion.profiles.LogThrottle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters and throttled logs shared by the connections of one embedded endpoint (many event loops). */
final class EndpointStats {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEndpointDriver.class);

    final AtomicLong unrouted = new AtomicLong();
    final AtomicLong overloadRetries = new AtomicLong();
    final AtomicLong storeFailures = new AtomicLong();
    final AtomicLong protocolErrors = new AtomicLong();
    final AtomicLong refusedConnections = new AtomicLong();
    final AtomicLong denied = new AtomicLong();
    final AtomicLong limitRefusals = new AtomicLong();
    /** Times a connection went over its message rate and reading it stopped for a while. */
    final AtomicLong rateLimited = new AtomicLong();
    /** PUBLISHes received and not yet finished (acknowledged, or abandoned by a closed connection). */
    final AtomicInteger outstanding = new AtomicInteger();

    private final LogThrottle unroutedLog = new LogThrottle(Duration.ofMinutes(1));
    private final LogThrottle storeLog = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle protocolLog = new LogThrottle(Duration.ofMinutes(1));
    private final LogThrottle accessLog = new LogThrottle(Duration.ofMinutes(1));

    /** A CONNECT refused; the password is never logged. */
    void refused(String clientId, String remote, DeviceAccess.Refusal refusal) {
        refusedConnections.incrementAndGet();
        long skipped = accessLog.admit();
        if (skipped >= 0) {
            LOG.warn("Refused the connection of client '{}' from {}: {} ({} more refusals or denials not logged)",
                    printable(clientId), remote, refusal, skipped);
        }
    }

    /** A PUBLISH or SUBSCRIBE outside the device's own topics. */
    void denied(String deviceId, String what, String topic) {
        denied.incrementAndGet();
        long skipped = accessLog.admit();
        if (skipped >= 0) {
            LOG.warn("Device '{}' may not {} '{}': refused ({} more refusals or denials not logged)", deviceId, what,
                    printable(topic), skipped);
        }
    }

    /** Something beyond {@link EndpointLimits}: refused and counted. */
    void rateLimited(String clientId) {
        rateLimited.incrementAndGet();
        LOG.debug("client '{}' is over its message rate: reading paused until the rate allows more", clientId);
    }

    void overLimit(String clientId, String what) {
        limitRefusals.incrementAndGet();
        long skipped = accessLog.admit();
        if (skipped >= 0) {
            LOG.warn("Client '{}': {} is beyond the endpoint's limits; refused ({} more refusals or denials not"
                    + " logged)", printable(clientId), what, skipped);
        }
    }

    /** An id or topic as it may be logged: control characters escaped, so that it cannot forge a log line. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && i < 300; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    void unrouted(String clientId, String topic) {
        unrouted.incrementAndGet();
        long skipped = unroutedLog.admit();
        if (skipped >= 0) {
            LOG.warn("Client '{}' published on '{}', which is not a device topic; acknowledged and ignored"
                    + " ({} more not logged)", clientId, topic, skipped);
        }
    }

    void storeFailed(String clientId, String topic, Throwable cause) {
        storeFailures.incrementAndGet();
        long skipped = storeLog.admit();
        if (skipped >= 0) {
            LOG.error("Store failed for a message from client '{}' on '{}'; not acknowledged, closing the connection so"
                    + " that the device sends it again ({} more not logged)", clientId, topic, skipped, cause);
        }
    }

    void protocolError(String clientId, Throwable cause) {
        protocolError(clientId, cause.toString());
    }

    /** A packet the endpoint cannot take: counted, logged throttled and without a stack trace. */
    void protocolError(String clientId, String problem) {
        protocolErrors.incrementAndGet();
        long skipped = protocolLog.admit();
        if (skipped >= 0) {
            LOG.warn("Closing the connection of client '{}': {} ({} more not logged)", printable(clientId),
                    printable(problem), skipped);
        }
    }
}
