package io.ganglion.profiles.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/** Short ways to write the specs the tests use, fields in the order given. */
final class Specs {
    private Specs() {
    }

    /** Alternating field names and {@link FieldSpec}s. */
    static Map<String, FieldSpec> fields(Object... namesAndSpecs) {
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSpecs.length; i += 2) {
            fields.put((String) namesAndSpecs[i], (FieldSpec) namesAndSpecs[i + 1]);
        }
        return fields;
    }

    static CodecSpec json(TimestampSpec timestamp, Object... namesAndSpecs) {
        return new CodecSpec(CodecKind.JSON, null, null, timestamp, fields(namesAndSpecs));
    }

    static CodecSpec binary(CodecSpec.ByteOrder order, int length, TimestampSpec timestamp, Object... namesAndSpecs) {
        return new CodecSpec(CodecKind.BINARY, order, length, timestamp, fields(namesAndSpecs));
    }

    static CodecSpec senml(CodecKind codec, Object... namesAndSpecs) {
        return new CodecSpec(codec, null, null, null, fields(namesAndSpecs));
    }
}
