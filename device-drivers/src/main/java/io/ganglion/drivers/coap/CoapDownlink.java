package io.ganglion.drivers.coap;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.OutboundCommand;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;

/**
 * Commands to devices that send over CoAP: the encoded payload is POSTed to {@code coap://<where the device last sent
 * from>/commands/<name>}, confirmable for QoS1, non-confirmable for QoS0. Asynchronous: Californium answers on its
 * own threads.
 *
 * <p>Delivered means the device answered 2.xx. 4.xx is the device refusing this command for good ({@code REFUSED});
 * 5.xx, no answer (Californium gives up after its retransmissions), or a device never heard is worth another try.
 */
public final class CoapDownlink implements Downlink {
    private final CoapServerDriver server;

    public CoapDownlink(CoapServerDriver server) {
        this.server = server;
    }

    /** Whether commands to the device go over CoAP: it last sent over plain CoAP. */
    public boolean reaches(String deviceId) {
        return server.lastPeer(deviceId).isPresent();
    }

    @Override
    public CompletionStage<DeliveryResult> send(OutboundCommand command) {
        Optional<InetSocketAddress> peer = server.lastPeer(command.deviceId());
        if (peer.isEmpty()) {
            return CompletableFuture.completedFuture(DeliveryResult.notConnected(
                    "device '" + command.deviceId() + "' has not sent over CoAP since the gateway started"));
        }
        String uri = "coap://" + hostAndPort(peer.get()) + "/commands/" + command.name();
        Request post = Request.newPost();
        post.setType(command.qos() == 0 ? CoAP.Type.NON : CoAP.Type.CON);
        post.setURI(uri);
        post.setPayload(command.payload());
        Optional<CoapEndpoint> endpoint = server.plainEndpoint();
        if (endpoint.isEmpty()) {
            return CompletableFuture.completedFuture(DeliveryResult.notConnected("plain CoAP is not running"));
        }
        // Never Californium's default endpoint: it would write a Californium3.properties file into the working
        // directory and send from a port the device has never seen.
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(endpoint.get());
        CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
        client.advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                result.complete(outcome(uri, response));
                client.shutdown();
            }

            @Override
            public void onError() {
                result.complete(DeliveryResult.notConnected("no answer from " + uri));
                client.shutdown();
            }
        }, post);
        return result;
    }

    private static DeliveryResult outcome(String uri, CoapResponse response) {
        String answer = response.getCode() + (response.getResponseText().isEmpty() ? ""
                : " " + response.getResponseText());
        if (response.isSuccess()) {
            return DeliveryResult.delivered(uri + " answered " + answer);
        }
        return response.getCode().isClientError()
                ? DeliveryResult.refused(uri + " answered " + answer)
                : DeliveryResult.failed(uri + " answered " + answer);
    }

    private static String hostAndPort(InetSocketAddress peer) {
        String host = peer.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + peer.getPort();
    }

    /** A device becomes reachable by sending: its first message, or one from a new address, fires the listener. */
    @Override
    public void onReachable(Runnable listener) {
        server.onNewPeer(listener);
    }
}
