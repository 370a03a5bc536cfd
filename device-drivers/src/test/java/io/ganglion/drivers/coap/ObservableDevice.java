package io.ganglion.drivers.coap;

import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;

/** A CoAP device on loopback with one observable resource, {@code /air}, whose value a test changes. */
final class ObservableDevice implements AutoCloseable {
    static {
        CoapConfig.register(); // Californium's settings must be known before a server is built (and no properties file written)
        UdpConfig.register();
    }

    private final CoapServer server = new CoapServer(new Configuration());
    private final Air air = new Air();

    /** On an ephemeral port (0) or on the port of a device that went away (a restart). */
    ObservableDevice(int port) {
        server.addEndpoint(CoapEndpoint.builder().setConfiguration(new Configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", port))
                .build());
        server.add(air);
        server.start();
    }

    int port() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    URI air() {
        return URI.create("coap://127.0.0.1:" + port() + "/air");
    }

    /** Changes the value; the resource notifies its observers. */
    void set(String value) {
        air.value = value;
        air.changed();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static final class Air extends CoapResource {
        volatile String value = "v0";

        Air() {
            super("air");
            setObservable(true);
            getAttributes().setObservable();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            exchange.respond(ResponseCode.CONTENT, value, MediaTypeRegistry.TEXT_PLAIN);
        }
    }
}
