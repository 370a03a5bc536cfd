package io.ganglion.drivers.coap;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's CoAP server (YAML: {@code coap}). Devices {@code POST} to {@code devices/{deviceId}/telemetry} and
 * (block-wise) {@code devices/{deviceId}/frames}, over plain CoAP, over CoAPS (DTLS 1.2 with a pre-shared key per
 * device), or both.
 *
 * @param host                    listen address of both listeners
 * @param port                    plain CoAP UDP port; 0 picks a free one
 * @param dtlsPort                CoAPS (DTLS) UDP port; 0 picks a free one
 * @param plainEnabled            false: no plain CoAP listener, only CoAPS (then {@code psk} must not be empty)
 * @param maxBodyBytes            the largest telemetry body; a larger one is answered 4.13 Request Entity Too Large
 * @param blockwiseMaxBodyBytes   the largest body reassembled from a block-wise transfer (frames); larger: 4.13
 * @param blockwiseStatusLifetime how long an unfinished block-wise transfer is kept before it is dropped
 * @param maxActivePeers          peers (plain) and DTLS sessions the server keeps state for; the least recently
 *                                active is evicted beyond it
 * @param overloadMaxAge          Max-Age of the 5.03 sent when the store queue is full: when a device may retry
 * @param deviceMessagesPerSecond requests a second one device may make, with one second's worth of burst; beyond it
 *                                4.29 Too Many Requests with Max-Age; 0: no limit
 * @param psk                     PSK identity (the device id) to key; empty: no CoAPS listener
 */
public record CoapSettings(String host, Integer port, Integer dtlsPort, Boolean plainEnabled, Integer maxBodyBytes,
                           Integer blockwiseMaxBodyBytes, Duration blockwiseStatusLifetime, Integer maxActivePeers,
                           Duration overloadMaxAge, Integer deviceMessagesPerSecond, Map<String, byte[]> psk) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 5683;
    public static final int DEFAULT_DTLS_PORT = 5684;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_BLOCKWISE_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_BLOCKWISE_STATUS_LIFETIME = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_ACTIVE_PEERS = 10_000;
    public static final Duration DEFAULT_OVERLOAD_MAX_AGE = Duration.ofSeconds(2);
    /**
     * Far above what a sensor sends (one message in seconds or minutes) and a camera's frames (a few a second), far
     * below the server's capacity (about 15,000 requests a second on two cores): one device alone cannot fill it.
     */
    public static final int DEFAULT_DEVICE_MESSAGES_PER_SECOND = 100;
    /** RFC 4279 recommends PSKs of at least 128 bits; shorter ones are guessable. */
    public static final int MIN_PSK_BYTES = 16;

    public CoapSettings {
        host = notBlank("host", orDefault(host, DEFAULT_HOST));
        port = inRange("port", orDefault(port, DEFAULT_PORT), 0, 65535);
        dtlsPort = inRange("dtlsPort", orDefault(dtlsPort, DEFAULT_DTLS_PORT), 0, 65535);
        plainEnabled = orDefault(plainEnabled, true);
        maxBodyBytes = inRange("maxBodyBytes", orDefault(maxBodyBytes, DEFAULT_MAX_BODY_BYTES), 64, 16 * 1024 * 1024);
        blockwiseMaxBodyBytes = inRange("blockwiseMaxBodyBytes",
                orDefault(blockwiseMaxBodyBytes, DEFAULT_BLOCKWISE_MAX_BODY_BYTES), 1024, 64 * 1024 * 1024);
        blockwiseStatusLifetime = inRange("blockwiseStatusLifetime",
                orDefault(blockwiseStatusLifetime, DEFAULT_BLOCKWISE_STATUS_LIFETIME), Duration.ofSeconds(1),
                Duration.ofHours(1));
        maxActivePeers = inRange("maxActivePeers", orDefault(maxActivePeers, DEFAULT_MAX_ACTIVE_PEERS), 1, 1_000_000);
        overloadMaxAge = inRange("overloadMaxAge", orDefault(overloadMaxAge, DEFAULT_OVERLOAD_MAX_AGE),
                Duration.ofSeconds(1), Duration.ofHours(1));
        deviceMessagesPerSecond = inRange("deviceMessagesPerSecond",
                orDefault(deviceMessagesPerSecond, DEFAULT_DEVICE_MESSAGES_PER_SECOND), 0, 1_000_000);
        psk = checkedKeys(orDefault(psk, Map.of()));
        if (!plainEnabled && psk.isEmpty()) {
            throw new InvalidSettingException("plainEnabled", "true, or at least one entry under psk (else no listener"
                    + " at all)", false);
        }
    }

    public static CoapSettings defaults() {
        return new CoapSettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** These settings on the given ports (0 for free ones), e.g. for tests and the demo. */
    public CoapSettings withPorts(int plainPort, int securePort) {
        return new CoapSettings(host, plainPort, securePort, plainEnabled, maxBodyBytes, blockwiseMaxBodyBytes,
                blockwiseStatusLifetime, maxActivePeers, overloadMaxAge, deviceMessagesPerSecond, psk);
    }

    /** These settings with another per-device rate (0: none), e.g. for benchmarks of the server's capacity. */
    public CoapSettings withDeviceMessagesPerSecond(int perSecond) {
        return new CoapSettings(host, port, dtlsPort, plainEnabled, maxBodyBytes, blockwiseMaxBodyBytes,
                blockwiseStatusLifetime, maxActivePeers, overloadMaxAge, perSecond, psk);
    }

    /** True when CoAPS is served: some device has a key. */
    public boolean dtlsEnabled() {
        return !psk.isEmpty();
    }

    private static Map<String, byte[]> checkedKeys(Map<String, byte[]> keys) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        keys.forEach((identity, key) -> {
            identifier("psk", identity);
            if (key == null || key.length < MIN_PSK_BYTES) {
                throw new InvalidSettingException("psk." + identity, "a key of at least " + MIN_PSK_BYTES + " bytes",
                        key == null ? "nothing" : key.length + " bytes");
            }
            copy.put(identity, key.clone());
        });
        return Map.copyOf(copy);
    }

    /** Keys are secrets: never printed. */
    @Override
    public String toString() {
        return "CoapSettings[host=" + host + ", port=" + port + ", dtlsPort=" + dtlsPort + ", plainEnabled="
                + plainEnabled + ", maxBodyBytes=" + maxBodyBytes + ", blockwiseMaxBodyBytes=" + blockwiseMaxBodyBytes
                + ", blockwiseStatusLifetime=" + blockwiseStatusLifetime + ", maxActivePeers=" + maxActivePeers
 + ", overloadMaxAge=" + overloadMaxAge + ", deviceMessagesPerSecond=" + deviceMessagesPerSecond
                + ", psk=" + psk.keySet() + "]";
    }
}
