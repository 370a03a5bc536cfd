package io.ganglion.drivers.coap;

import java.time.Duration;

/**
 * How patiently the reader talks to devices.
 *
 * @param ackTimeout     CoAP ACK_TIMEOUT of the client endpoint (RFC 7252 default 2 s)
 * @param maxRetransmit  CoAP MAX_RETRANSMIT; together with the timeout it decides when a device counts as unreachable
 * @param backoffBase    first retry ceiling after a device was unreachable
 * @param backoffMax     the ceiling the exponential back-off stops growing at
 * @param overloadRetry  how soon a payload the store refused is offered again
 */
public record CoapReaderTimings(Duration ackTimeout, int maxRetransmit, Duration backoffBase, Duration backoffMax,
                                Duration overloadRetry) {
    public static final CoapReaderTimings DEFAULT = new CoapReaderTimings(Duration.ofSeconds(2), 4,
            Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMillis(200));
}
