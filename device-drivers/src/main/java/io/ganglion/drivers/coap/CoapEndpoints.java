package io.ganglion.drivers.coap;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.serialization.DataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/** Builds Californium's configuration and the plain and DTLS endpoints from {@link CoapSettings}. */
final class CoapEndpoints {
    /** Connection IDs (RFC 9146) let a device keep its DTLS session when its NAT mapping or address changes. */
    static final int CONNECTION_ID_LENGTH = 6;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private CoapEndpoints() {
    }

    /** Californium's settings from ours; never reads or writes a properties file. */
    static Configuration configuration(CoapSettings settings) {
        Configuration config = new Configuration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, settings.blockwiseMaxBodyBytes());
        config.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, settings.blockwiseStatusLifetime().toMillis(),
                TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, settings.maxActivePeers());
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, settings.maxActivePeers());
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        return config;
    }

    static CoapEndpoint plain(CoapSettings settings, Configuration config, DataParser parser) {
        return CoapEndpoint.builder()
                .setConfiguration(config)
                .setDataSerializerAndParser(new UdpDataSerializer(), parser)
                .setInetSocketAddress(new InetSocketAddress(settings.host(), settings.port()))
                .setLoggingTag("coap")
                .build();
    }

    /** CoAPS with one pre-shared key per device; the PSK identity is the device id. */
    static CoapEndpoint secure(CoapSettings settings, Configuration config, DataParser parser) {
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        settings.psk().forEach(keys::setKey);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(settings.host(), settings.dtlsPort()))
                .setAdvancedPskStore(keys)
                .setLoggingTag("coaps")
                .build();
        return CoapEndpoint.builder()
                .setConfiguration(config)
                .setConnector(new DTLSConnector(dtls))
                .setDataSerializerAndParser(new UdpDataSerializer(), parser)
                .setLoggingTag("coaps")
                .build();
    }
}
