package io.ganglion.profiles.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.assertj.core.api.AbstractThrowableAssert;

/** Test payloads as people write them: JSON text, and bytes in hex with spaces and comments between items. */
final class Payloads {
    private Payloads() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Hex digits; whitespace and anything from '#' to the end of a line are ignored. */
    static byte[] hex(String annotated) {
        return HexFormat.of().parseHex(annotated.replaceAll("#[^\\n]*", "").replaceAll("\\s", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Asserts that decoding is refused for {@code reason}; returns the message for further checks. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(PayloadCodec codec, byte[] payload,
                                                                          RejectReason reason) {
        return assertThatThrownBy(() -> codec.decode(payload)).isInstanceOfSatisfying(DecodeException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
