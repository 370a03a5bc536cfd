package io.ganglion.profiles;

import java.util.List;

/**
 * How one kind of device talks: turns the payload of one message into readings.
 *
 * <p>Implementations are immutable and thread-safe: the gateway decodes on many threads at once. Decoding is cheap and
 * never blocks (no I/O), so it may run on a Vert.x event loop.
 */
public interface Profile {

    /** The profile id that devices name in configuration, e.g. {@code json-telemetry}. */
    String id();

    /**
     * Decodes one telemetry payload.
     *
     * @param deviceId   the device the message came from
     * @param payload    the raw message body
     * @param receivedAt the gateway's receive time, UTC epoch milliseconds, used when the payload carries no timestamp
     * @return the readings, never empty
     * @throws DecodeException with the reason to count when the payload is not acceptable
     */
    List<Reading> decodeTelemetry(String deviceId, byte[] payload, long receivedAt) throws DecodeException;
}
