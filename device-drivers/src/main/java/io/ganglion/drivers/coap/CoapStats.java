package io.ganglion.drivers.coap;

import io.ganglion.profiles.LogThrottle;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters and throttled logs of one CoAP server, updated from Californium's and the store's threads. */
final class CoapStats {
    private static final Logger LOG = LoggerFactory.getLogger(CoapServerDriver.class);

    final LongAdder requests = new LongAdder();
    final LongAdder overloads = new LongAdder();
    final LongAdder storeFailures = new LongAdder();
    /** Messages whose Block1 promised smaller blocks than their payload: rejected as malformed. */
    final LongAdder badBlocks = new LongAdder();
    /** Requests handed to the sink and not yet answered. */
    final AtomicInteger pending = new AtomicInteger();
    private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
    private final LogThrottle storeLog = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle refusedLog = new LogThrottle(Duration.ofMinutes(1));

    void responded(String code) {
        responses.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    long responseCount(String code) {
        LongAdder count = responses.get(code);
        return count == null ? 0 : count.sum();
    }

    /** Responses sent so far by code ("2.04", "4.00", ...), sorted by code. */
    Map<String, Long> responsesByCode() {
        Map<String, Long> copy = new TreeMap<>();
        responses.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    void storeFailed(String path, Throwable cause) {
        storeFailures.increment();
        long skipped = storeLog.admit();
        if (skipped >= 0) {
            LOG.error("Store failed for a CoAP request to '{}'; answered 5.00 so that the device sends it again"
                    + " ({} more not logged)", path, skipped, cause);
        }
    }

    /** A request refused before it reached the pipeline (bad path, wrong identity, too large). */
    void refused(String code, String path, String why) {
        long skipped = refusedLog.admit();
        if (skipped >= 0) {
            LOG.warn("CoAP request to '{}' answered {}: {} ({} more not logged)", path, code, why, skipped);
        }
    }
}
