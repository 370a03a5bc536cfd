package io.ganglion.runtime.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/** The raw component: a Californium server (CoAP or CoAPS) answering every request 2.04 at once, storing nothing. */
final class RawCoapServer implements AutoCloseable {
    private final CoapServer server;
    private final CoapEndpoint endpoint;

    /** @param devices with CoAPS, the devices whose keys it knows ({@link CoapLoad#key}); 0 for plain CoAP */
    RawCoapServer(boolean dtls, int devices) {
        CoapConfig.register();
        DtlsConfig.register();
        server = new CoapServer(new Configuration());
        endpoint = dtls ? secureEndpoint(server.getConfig(), devices)
                : CoapEndpoint.builder().setConfiguration(server.getConfig())
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

    /** Set up as the gateway's CoAPS: a key per device, Connection IDs. */
    private static CoapEndpoint secureEndpoint(Configuration config, int devices) {
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        for (int i = 0; i < devices; i++) {
            keys.setKey(BenchPublisher.deviceId(i), CoapLoad.key(i).getBytes(StandardCharsets.UTF_8));
        }
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0)).setAdvancedPskStore(keys).build();
        return CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
    }

    int port() {
        return endpoint.getAddress().getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
