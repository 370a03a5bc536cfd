package io.ganglion.sim.net;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** A PSK as the gateway reads it from its configuration ({@code coap.psk}): {@code hex:...}, {@code base64:...}, else UTF-8 text. */
final class PskKeys {
    private PskKeys() {
    }

    static byte[] decode(String deviceId, String key) {
        try {
            if (key.startsWith("hex:")) {
                return HexFormat.of().parseHex(key.substring(4));
            }
            if (key.startsWith("base64:")) {
                return Base64.getDecoder().decode(key.substring(7));
            }
        } catch (IllegalArgumentException e) {
            // The message would quote the key: say only what is wrong with it.
            throw new IllegalArgumentException("psk of device " + deviceId + ": expected valid hex: or base64: digits,"
                    + " got a malformed key");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
