package io.ganglion.drivers.coap;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each device last sent from over plain CoAP: the address commands to it go to. A device behind NAT or with a
 * changing address is reached where it was last heard; one never heard over CoAP has no address here.
 */
final class CoapPeers {
    private final Map<String, InetSocketAddress> lastHeard = new ConcurrentHashMap<>();

    void heard(String deviceId, InetSocketAddress peer) {
        lastHeard.put(deviceId, peer);
    }

    Optional<InetSocketAddress> of(String deviceId) {
        return Optional.ofNullable(lastHeard.get(deviceId));
    }
}
