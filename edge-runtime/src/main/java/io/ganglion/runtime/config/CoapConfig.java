package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.drivers.coap.CoapSettings;
import io.ganglion.profiles.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CoAP southbound (YAML: {@code coap}): the gateway's CoAP server, and CoAPS when some device has a pre-shared key.
 * The limits are those of {@link CoapSettings}, checked when the file is loaded.
 *
 * @param psk device id (= PSK identity) to key, normally {@code ${ENV}}: the key's UTF-8 text, or {@code hex:...},
 *            or {@code base64:...}
 */
public record CoapConfig(Boolean enabled, String host, Integer port, Integer dtlsPort, Boolean plainEnabled,
                         Integer maxBodyBytes, Integer blockwiseMaxBodyBytes, Duration blockwiseStatusLifetime,
                         Integer maxActivePeers, Duration overloadMaxAge, Integer deviceMessagesPerSecond,
                         Map<String, String> psk) {
    public CoapConfig {
        enabled = orDefault(enabled, true);
        psk = Map.copyOf(orDefault(psk, Map.of()));
        settings(host, port, dtlsPort, plainEnabled, maxBodyBytes, blockwiseMaxBodyBytes, blockwiseStatusLifetime,
                maxActivePeers, overloadMaxAge, deviceMessagesPerSecond, psk); // checks every limit now, when the file is read
    }

    public static CoapConfig defaults() {
        return new CoapConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** No CoAP server, e.g. for benchmarks of the other transports. */
    public static CoapConfig disabled() {
        return new CoapConfig(false, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The CoAP server's settings, with defaults filled in and keys decoded. */
    public CoapSettings settings() {
        return settings(host, port, dtlsPort, plainEnabled, maxBodyBytes, blockwiseMaxBodyBytes,
                blockwiseStatusLifetime, maxActivePeers, overloadMaxAge, deviceMessagesPerSecond, psk);
    }

    private static CoapSettings settings(String host, Integer port, Integer dtlsPort, Boolean plainEnabled,
                                         Integer maxBodyBytes, Integer blockwiseMaxBodyBytes,
                                         Duration blockwiseStatusLifetime, Integer maxActivePeers,
                                         Duration overloadMaxAge, Integer deviceMessagesPerSecond,
                                         Map<String, String> psk) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        psk.forEach((deviceId, key) -> keys.put(deviceId, decodeKey(deviceId, key)));
        return new CoapSettings(host, port, dtlsPort, plainEnabled, maxBodyBytes, blockwiseMaxBodyBytes,
                blockwiseStatusLifetime, maxActivePeers, overloadMaxAge, deviceMessagesPerSecond, keys);
    }

    private static byte[] decodeKey(String deviceId, String key) {
        try {
            if (key.startsWith("hex:")) {
                return HexFormat.of().parseHex(key.substring(4));
            }
            if (key.startsWith("base64:")) {
                return Base64.getDecoder().decode(key.substring(7));
            }
        } catch (IllegalArgumentException e) {
            // The message would quote the key: say only what is wrong with it.
            throw new InvalidSettingException("psk." + deviceId, "valid hex: or base64: digits", "a malformed key");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Keys are secrets: never printed. */
    @Override
    public String toString() {
        return "CoapConfig[enabled=" + enabled + ", " + settings() + "]";
    }
}
