package io.ganglion.drivers.coap;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One device resource the gateway reads as a CoAP client.
 *
 * @param deviceId the device the readings belong to
 * @param resource the device's own resource, e.g. {@code coap://192.0.2.10:5683/air}
 * @param observe  register as an observer (RFC 7641) instead of polling
 * @param period   when polling, the GET period; when observing, the silence after which the observation is
 *                 presumed lost and registered again; null when observing without such a check (Californium then
 *                 re-registers only when a notification's Max-Age runs out)
 */
public record CoapReadTarget(String deviceId, URI resource, boolean observe, Duration period) {
    public CoapReadTarget {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(resource, "resource");
        if (!"coap".equals(resource.getScheme()) || resource.getHost() == null) {
            throw new IllegalArgumentException("a coap:// URI with a host, not " + resource);
        }
        if (!observe && period == null) {
            throw new IllegalArgumentException("polling " + deviceId + " needs a period");
        }
        if (period != null && (period.isNegative() || period.isZero())) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }
}
