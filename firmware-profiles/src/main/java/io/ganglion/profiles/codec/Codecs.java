package io.ganglion.profiles.codec;

import java.time.Clock;
import java.util.Objects;

/** Makes the {@link PayloadCodec} a {@link CodecSpec} describes. */
public final class Codecs {
    private Codecs() {
    }

    /** The codec for {@code spec}; SenML relative times are taken from the system clock. */
    public static PayloadCodec create(CodecSpec spec) {
        return create(spec, Clock.systemUTC());
    }

    /**
     * The codec for {@code spec}. Never fails: the spec's constructor has checked everything a codec relies on.
     *
     * @param clock the current time that SenML relative times (under 2^28 s) count from; unused by other codecs
     */
    public static PayloadCodec create(CodecSpec spec, Clock clock) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(clock, "clock");
        return switch (spec.codec()) {
            case JSON -> new ObjectCodec(PayloadFormat.JSON, spec);
            case CBOR -> new ObjectCodec(PayloadFormat.CBOR, spec);
            case SENML_JSON -> new SenmlCodec(PayloadFormat.JSON, spec, clock);
            case SENML_CBOR -> new SenmlCodec(PayloadFormat.CBOR, spec, clock);
            case BINARY -> new BinaryStructCodec(spec);
        };
    }
}
