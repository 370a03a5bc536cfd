package io.ganglion.profiles.codec;

import io.ganglion.profiles.DecodeException;
import java.util.List;

/**
 * Turns the bytes of one device message into samples, and samples back into bytes. Made from a {@link CodecSpec} by
 * {@link Codecs#create}; immutable and thread-safe, never blocks, so it may run on an event loop or a Paho thread.
 *
 * <p>Both directions exist because the same profile drives the gateway (decode), the simulator and downlink
 * commands (encode), and its test vectors check one against the other.
 */
public interface PayloadCodec {

    /**
     * Decodes one payload.
     *
     * @return the samples of the fields the spec declares, in payload order; fields the payload lacks are absent
     * @throws DecodeException with {@code MALFORMED}, {@code WRONG_TYPE}, {@code NOT_FINITE}, {@code EMPTY} (no
     *                         declared field present) or {@code TIMESTAMP_OUT_OF_RANGE} (a device time beyond 64-bit
     *                         epoch milliseconds), and a message saying what was expected where
     */
    List<Sample> decode(byte[] payload) throws DecodeException;

    /**
     * Encodes samples into one payload, the inverse of {@link #decode}: {@code decode(encode(s))} gives {@code s} back
     * (binary fields within their scale's resolution).
     *
     * @throws EncodeException when a sample names no declared field, or its value does not fit the field's type
     */
    byte[] encode(List<Sample> samples) throws EncodeException;
}
