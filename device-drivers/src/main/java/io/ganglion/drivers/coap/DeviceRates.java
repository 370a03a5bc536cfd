package io.ganglion.drivers.coap;

import io.ganglion.drivers.TokenBucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-device request rate of the CoAP server ({@code coap.deviceMessagesPerSecond}): a token bucket per device
 * id, one second's worth of burst. A device over its rate is answered 4.29 Too Many Requests (RFC 8516) with the
 * Max-Age after which it may send again, so one chatty or broken device cannot take the share of the ingest queue the
 * other devices need.
 *
 * <p>Buckets are kept for at most {@code maxDevices} ids, the least recently heard forgotten first: the ids come from
 * request paths, which anyone can make up, and a forgotten device only gets a full bucket again. Called from
 * Californium's protocol threads, hence the lock; it is held for a map lookup and a few arithmetic operations.
 */
final class DeviceRates {
    private final int perSecond;
    private final Map<String, TokenBucket> buckets;

    /** @param perSecond requests a second per device; 0 means no limit */
    DeviceRates(int perSecond, int maxDevices) {
        this.perSecond = perSecond;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxDevices;
            }
        };
    }

    /**
     * Takes one request from {@code deviceId}'s rate.
     *
     * @return 0 when the request may go on; else the whole seconds (at least 1) after which the device may retry
     */
    synchronized long admit(String deviceId, long nowNanos) {
        if (perSecond == 0) {
            return 0;
        }
        TokenBucket bucket = buckets.computeIfAbsent(deviceId, id -> new TokenBucket(perSecond, perSecond, nowNanos));
        if (bucket.tryTake(nowNanos)) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(bucket.nanosUntilToken(nowNanos) / 1e9));
    }

    synchronized int trackedDevices() {
        return buckets.size();
    }
}
