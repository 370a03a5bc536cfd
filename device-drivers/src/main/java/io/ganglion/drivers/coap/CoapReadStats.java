package io.ganglion.drivers.coap;

/**
 * What the reader did with one device so far.
 *
 * @param requests       observe registrations and poll GETs sent
 * @param failedAttempts requests that got no usable answer (timeout, error code); each one grows the back-off
 * @param delivered      payloads the store accepted
 * @param dropped        payloads replaced by a newer one while the store was overloaded
 */
public record CoapReadStats(long requests, long failedAttempts, long delivered, long dropped) {
}
