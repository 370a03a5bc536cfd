package io.ganglion.drivers.coap;

import io.ganglion.drivers.Channel;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * The resource tree {@code devices/{deviceId}/telemetry}, {@code devices/{deviceId}/frames} and
 * {@code devices/{deviceId}/status}. Californium looks up a
 * child per path segment; one shared {@code {deviceId}} node answers for every id, and the handler reads the id from
 * the request's Uri-Path. Whether the id is known is the pipeline's decision (4.04 comes from there).
 */
final class DeviceResources {
    private DeviceResources() {
    }

    static Resource root(IngestExchangeHandler handler) {
        CoapResource anyDevice = new CoapResource("{deviceId}", true);
        anyDevice.add(new IngestResource("telemetry", Channel.TELEMETRY, handler));
        anyDevice.add(new IngestResource("frames", Channel.FRAMES, handler));
        // A device without MQTT announces its firmware here, as on MQTT's devices/{id}/status: the gateway then
        // decodes what it sends next with the profile of that firmware.
        anyDevice.add(new IngestResource("status", Channel.STATUS, handler));
        return new DevicesResource(anyDevice);
    }

    private static final class DevicesResource extends CoapResource {
        private final Resource anyDevice;

        DevicesResource(Resource anyDevice) {
            super("devices");
            this.anyDevice = anyDevice;
            anyDevice.setParent(this);
        }

        @Override
        public Resource getChild(String deviceId) {
            return anyDevice;
        }
    }

    /** Accepts POST only; Californium answers other methods with 4.05 Method Not Allowed. */
    private static final class IngestResource extends CoapResource {
        private final Channel channel;
        private final IngestExchangeHandler handler;

        IngestResource(String name, Channel channel, IngestExchangeHandler handler) {
            super(name);
            this.channel = channel;
            this.handler = handler;
            getAttributes().setTitle("POST " + name + " of a device");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            handler.handle(exchange, channel);
        }
    }
}
