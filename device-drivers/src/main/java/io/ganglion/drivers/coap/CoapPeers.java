package io.ganglion.drivers.coap;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where each device last sent from over plain CoAP: the address commands to it go to. A device behind NAT or with a
 * changing address is reached where it was last heard; one never heard over CoAP has no address here.
 */
final class CoapPeers {
    private final Map<String, InetSocketAddress> lastHeard = new ConcurrentHashMap<>();
    private final List<Runnable> newPeerListeners = new CopyOnWriteArrayList<>();

    /** Called on Californium's or the store's threads; listeners run only when the device is new or has moved. */
    void heard(String deviceId, InetSocketAddress peer) {
        if (!peer.equals(lastHeard.put(deviceId, peer))) {
            newPeerListeners.forEach(Runnable::run);
        }
    }

    void onNewPeer(Runnable listener) {
        newPeerListeners.add(listener);
    }

    Optional<InetSocketAddress> of(String deviceId) {
        return Optional.ofNullable(lastHeard.get(deviceId));
    }
}
