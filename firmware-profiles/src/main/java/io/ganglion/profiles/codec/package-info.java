/**
 * Payload codecs: the bytes of one device message to {@link io.ganglion.profiles.codec.Sample}s and back, as a
 * profile's {@code telemetry} section ({@link io.ganglion.profiles.codec.CodecSpec}) describes them. JSON and CBOR
 * objects by dot path, SenML packs (RFC 8428, JSON and CBOR) by record name, fixed binary structs by byte position
 * and type. {@link io.ganglion.profiles.codec.Codecs#create} is the only way in; the implementations are
 * package-private.
 *
 * <p>What the codecs must not do: build trees or split strings per message (they run once per device message, on
 * event-loop and Paho threads), parse JSON or CBOR by hand (Jackson's streaming API does it), log (a rejected
 * payload is a {@link io.ganglion.profiles.DecodeException} with a reason the caller counts and rate-limits), or
 * know about devices, units, ranges or quality, which the profile adds.
 *
 * <p>Benchmarks: the module's {@code src/jmh/java}, packed by the {@code benchmarks} Maven profile; method and
 * figures in docs/benchmarks.md.
 */
package io.ganglion.profiles.codec;
