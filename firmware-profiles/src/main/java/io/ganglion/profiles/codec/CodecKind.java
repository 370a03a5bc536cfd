package io.ganglion.profiles.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The payload formats a profile's {@code telemetry.codec} names, and how each one finds its fields. */
public enum CodecKind {
    /** A JSON object; fields are found by dot paths ({@code env.t}, {@code values.0}). */
    JSON("json"),
    /** A CBOR map (RFC 8949); fields are found by dot paths, as in JSON. */
    CBOR("cbor"),
    /** A SenML pack in JSON (RFC 8428); fields are found by record name. */
    SENML_JSON("senml-json"),
    /** A SenML pack in CBOR, with the integer labels of RFC 8428 section 6. */
    SENML_CBOR("senml-cbor"),
    /** A fixed-length binary struct; fields are found by byte position and type. */
    BINARY("binary");

    private final String label;

    CodecKind(String label) {
        this.label = label;
    }

    /** The name a profile writes, e.g. {@code senml-json}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The kind a profile names, in any case; {@code senml_json} is taken for {@code senml-json}. */
    @JsonCreator
    public static CodecKind of(String label) {
        return Labels.parse(values(), CodecKind::label, label);
    }

    boolean isSenml() {
        return this == SENML_JSON || this == SENML_CBOR;
    }

    /** JSON and CBOR: a map of maps, searched by path. */
    boolean isObject() {
        return this == JSON || this == CBOR;
    }
}
