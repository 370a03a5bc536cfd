package io.ganglion.runtime.bench;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.config.Configuration;

/** The raw component: a Californium server that answers every request 2.04 at once and stores nothing. */
final class RawCoapServer implements AutoCloseable {
    private final CoapServer server;
    private final CoapEndpoint endpoint;

    RawCoapServer() {
        CoapConfig.register();
        server = new CoapServer(new Configuration());
        endpoint = CoapEndpoint.builder().setConfiguration(server.getConfig())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server.addEndpoint(endpoint);
        server.setMessageDeliverer(new MessageDeliverer() {
            @Override
            public void deliverRequest(Exchange exchange) {
                exchange.sendResponse(new Response(ResponseCode.CHANGED));
            }

            @Override
            public void deliverResponse(Exchange exchange, Response response) {
                // A server only; it sends no requests.
            }
        });
        server.start();
    }

    int port() {
        return endpoint.getAddress().getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
