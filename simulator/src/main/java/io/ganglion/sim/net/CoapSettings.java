package io.ganglion.sim.net;

import static io.ganglion.sim.net.MqttSettings.check;

import java.util.Objects;

/**
 * How the simulator's CoAP and CoAPS devices reach the gateway.
 *
 * @param host               the gateway's host
 * @param port               its CoAP port
 * @param securePort         its CoAPS (DTLS) port
 * @param devicesPerEndpoint plain CoAP devices sharing one client endpoint (one UDP socket): the gateway tells them
 *                           apart by the resource path. One endpoint's message ids allow about 265 confirmable
 *                           requests a second (65,536 per exchange lifetime of 247 s), so keep
 *                           {@code devicesPerEndpoint x rate} below that. CoAPS devices each have their own endpoint:
 *                           a DTLS session belongs to one PSK identity.
 * @param maxInflight        per device: confirmable requests awaiting their response, 1 to 1000 (RFC 7252's NSTART
 *                           is 1)
 * @param maxQueued          per device: requests waiting behind the window; beyond it new ones are dropped and counted
 */
public record CoapSettings(String host, int port, int securePort, int devicesPerEndpoint, int maxInflight,
                           int maxQueued) {
    public static final int DEFAULT_DEVICES_PER_ENDPOINT = 50;
    public static final int DEFAULT_MAX_INFLIGHT = 1;
    public static final int DEFAULT_MAX_QUEUED = 256;

    public CoapSettings {
        Objects.requireNonNull(host, "host");
        check("port", port, 1, 65535);
        check("securePort", securePort, 1, 65535);
        check("devicesPerEndpoint", devicesPerEndpoint, 1, 100_000);
        check("maxInflight", maxInflight, 1, 1000);
        check("maxQueued", maxQueued, 1, 1_000_000);
    }

    public static CoapSettings of(String host, int port, int securePort) {
        return new CoapSettings(host, port, securePort, DEFAULT_DEVICES_PER_ENDPOINT, DEFAULT_MAX_INFLIGHT,
                DEFAULT_MAX_QUEUED);
    }
}
