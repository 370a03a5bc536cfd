package io.ganglion.sim.testing;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Reading;
import io.ganglion.sim.plan.Fleet;
import io.ganglion.sim.plan.DeviceInfo;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A stand-in of the gateway's CoAP side for tests: {@code POST /devices/{id}/telemetry} decoded with the device's
 * profile (2.04, or 4.00 when the codec rejects it) and {@code POST /devices/{id}/frames} (2.04), on plain CoAP and,
 * with keys, on CoAPS with one PSK per identity, as the gateway's driver sets it up.
 */
public final class CoapSink implements AutoCloseable {
    private final Fleet fleet;
    private final CoapServer server;
    private final CoapEndpoint plain;
    private final CoapEndpoint secure;
    private final Map<String, Map<String, LongAdder>> readings = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> frames = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    public CoapSink(Fleet fleet, Map<String, byte[]> keys) {
        this.fleet = fleet;
        Configuration config = new Configuration();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 4 << 20); // frames arrive block-wise
        server = new CoapServer(config);
        plain = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server.addEndpoint(plain);
        if (keys.isEmpty()) {
            secure = null;
        } else {
            AdvancedMultiPskStore store = new AdvancedMultiPskStore();
            keys.forEach(store::setKey);
            DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                    .setAddress(new InetSocketAddress("127.0.0.1", 0)).setAdvancedPskStore(store).build();
            secure = CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
            server.addEndpoint(secure);
        }
        server.add(new Devices());
        server.start();
    }

    public int port() {
        return plain.getAddress().getPort();
    }

    public int securePort() {
        return secure == null ? 1 : secure.getAddress().getPort();
    }

    /** Readings stored of a device's metric. */
    public long readings(String device, String metric) {
        Map<String, LongAdder> metrics = readings.get(device);
        LongAdder count = metrics == null ? null : metrics.get(metric);
        return count == null ? 0 : count.sum();
    }

    public long rejected(String device) {
        LongAdder count = rejected.get(device);
        return count == null ? 0 : count.sum();
    }

    public long statuses(String device) {
        LongAdder count = statuses.get(device);
        return count == null ? 0 : count.sum();
    }

    public long frames(String device) {
        LongAdder count = frames.get(device);
        return count == null ? 0 : count.sum();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** {@code /devices} and everything below it. */
    private final class Devices extends CoapResource {
        Devices() {
            super("devices");
        }

        @Override
        public Resource getChild(String name) {
            return this;
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            List<String> path = exchange.getRequestOptions().getUriPath();
            if (path.size() != 3) {
                exchange.respond(ResponseCode.NOT_FOUND);
                return;
            }
            String id = path.get(1);
            DeviceInfo device = fleet.find(id).orElse(null);
            if (device == null) {
                exchange.respond(ResponseCode.NOT_FOUND);
                return;
            }
            if (path.get(2).equals("frames")) {
                frames.computeIfAbsent(id, d -> new LongAdder()).increment();
                exchange.respond(ResponseCode.CHANGED);
                return;
            }
            if (path.get(2).equals("status")) { // firmware announcements, as the gateway's status resource takes them
                statuses.computeIfAbsent(id, d -> new LongAdder()).increment();
                exchange.respond(ResponseCode.CHANGED);
                return;
            }
            try {
                for (Reading reading : device.profile().decodeTelemetry(id, exchange.getRequestPayload(), 0)) {
                    readings.computeIfAbsent(id, d -> new ConcurrentHashMap<>())
                            .computeIfAbsent(reading.metric(), m -> new LongAdder()).increment();
                }
                exchange.respond(ResponseCode.CHANGED);
            } catch (DecodeException e) {
                rejected.computeIfAbsent(id, d -> new LongAdder()).increment();
                exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage());
            }
        }
    }
}
