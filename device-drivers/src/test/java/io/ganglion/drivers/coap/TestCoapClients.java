package io.ganglion.drivers.coap;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** Real Californium clients on loopback, each with its own endpoint (never Californium's properties file). */
final class TestCoapClients {
    private TestCoapClients() {
    }

    static CoapClient plain(int port, String path) {
        CoapEndpoint endpoint = CoapEndpoint.builder()
                .setConfiguration(CoapEndpoints.configuration(CoapSettings.defaults()))
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .build();
        return client("coap://127.0.0.1:" + port + "/" + path, endpoint);
    }

    static CoapClient secure(int port, String path, String identity, byte[] key) {
        Configuration config = CoapEndpoints.configuration(CoapSettings.defaults());
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build();
        CoapEndpoint endpoint = CoapEndpoint.builder()
                .setConfiguration(config)
                .setConnector(new DTLSConnector(dtls))
                .build();
        return client("coaps://127.0.0.1:" + port + "/" + path, endpoint);
    }

    private static CoapClient client(String uri, CoapEndpoint endpoint) {
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(endpoint);
        client.setTimeout(15_000L);
        return client;
    }
}
