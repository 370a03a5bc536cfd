package io.ganglion.profiles.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * How a device's telemetry payload is laid out: a profile's {@code telemetry} section, bound from YAML.
 *
 * <pre>
 * telemetry:
 *   codec: binary
 *   byteOrder: little
 *   length: 12
 *   timestamp: { at: 0, type: uint32 }          # seconds, the binary default
 *   fields:
 *     temperature: { at: 4, type: int16, scale: 0.01 }
 *     door_open:   { at: 6, type: uint8, bits: "0" }
 *     battery:     { at: 6, type: uint8, bits: "4-7", scale: 0.25 }
 * </pre>
 *
 * <p>The constructor checks everything a codec relies on, so that {@link Codecs#create} cannot fail: each component
 * is allowed only for the codecs it means something to, binary fields must lie inside {@code length} and may share
 * bytes only as disjoint bit fields of the same integer, JSON/CBOR paths and SenML names must be distinct. It then
 * fills in the defaults ({@code path}/{@code name} = the field's key, {@code scale} 1, {@code offset} 0,
 * {@code byteOrder} big, the timestamp unit). Errors are {@link io.ganglion.profiles.InvalidSettingException}s with
 * keys relative to this record, such as {@code fields.pressure.at}.
 *
 * @param codec     the payload format (required)
 * @param byteOrder binary only: the order of multi-byte values; default big endian (network order)
 * @param length    binary only, required: the exact struct length in bytes; other lengths are malformed payloads
 * @param timestamp where the device time is, or {@code null} when payloads carry none (not for SenML)
 * @param fields    the metrics, by name, in the order the profile lists them; at least one
 */
public record CodecSpec(CodecKind codec, ByteOrder byteOrder, Integer length, TimestampSpec timestamp,
                        Map<String, FieldSpec> fields) {

    /** Largest binary struct: beyond any fixed-layout sensor frame, and small enough to allocate per message. */
    public static final int MAX_LENGTH = 65_535;

    public CodecSpec {
        CodecSpecRules.Normalized checked = CodecSpecRules.check(codec, byteOrder, length, timestamp, fields);
        byteOrder = checked.byteOrder();
        timestamp = checked.timestamp();
        fields = checked.fields();
    }

    /** The byte order of a binary struct's multi-byte values. */
    public enum ByteOrder {
        /** Most significant byte first (network order). */
        BIG("big"),
        /** Least significant byte first (x86, ARM Cortex-M). */
        LITTLE("little");

        private final String label;

        ByteOrder(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }

        @JsonCreator
        public static ByteOrder of(String label) {
            return Labels.parse(values(), ByteOrder::label, label);
        }
    }
}
