package io.ganglion.runtime.commands;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.Driver;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.coap.CoapDownlink;
import io.ganglion.drivers.coap.CoapServerDriver;
import io.ganglion.drivers.gpio.GpioDownlink;
import io.ganglion.drivers.gpio.GpioDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The one {@link Downlink} the command service sends through: each command goes by the transport that reaches its
 * device. Devices wired to the gateway's pins go to the GPIO downlink, devices that last sent over CoAP to the CoAP
 * downlink, every other device to MQTT.
 *
 * <p>Routing asks the drivers, at send time, rather than the device's current profile. The GPIO driver's devices are
 * fixed when it starts (from profiles with {@code transports.gpio}), so a profile edited since cannot send a command
 * to pins nobody opened; a CoAP device is reached where the CoAP driver last heard it. A stored command resumed after
 * a restart routes the same way.
 */
public final class TransportRoutingDownlink implements Downlink {
    /** A downlink and the commands it is the way for. */
    public record Route(Predicate<OutboundCommand> reaches, Downlink downlink) {
        public Route {
            Objects.requireNonNull(reaches, "reaches");
            Objects.requireNonNull(downlink, "downlink");
        }
    }

    private final List<Route> routes;
    private final Downlink otherwise;

    /**
     * @param routes    tried in order; the first whose {@code reaches} accepts the device id sends
     * @param otherwise for a device no route reaches (MQTT)
     */
    public TransportRoutingDownlink(List<Route> routes, Downlink otherwise) {
        this.routes = List.copyOf(routes);
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    /** GPIO first (a device's pins are fixed), then CoAP when the gateway runs those drivers, then MQTT. */
    public static Downlink of(Downlink mqtt, List<? extends Driver> drivers) {
        List<Route> routes = new ArrayList<>();
        for (Driver driver : drivers) {
            if (driver instanceof GpioDriver gpio) {
                routes.add(0, new Route(command -> gpio.drives(command.deviceId()), new GpioDownlink(gpio)));
            } else if (driver instanceof CoapServerDriver coap) {
                // A device with CoAP only (its command's address is a CoAP path) waits for CoAP even before it is
                // heard, so that its pending command says why, instead of MQTT's "no subscriber".
                CoapDownlink downlink = new CoapDownlink(coap);
                routes.add(new Route(command -> downlink.reaches(command.deviceId())
                        || command.address().startsWith(EncodedCommand.COAP_PATH_PREFIX), downlink));
            }
        }
        return routes.isEmpty() ? mqtt : new TransportRoutingDownlink(routes, mqtt);
    }

    @Override
    public CompletionStage<DeliveryResult> send(OutboundCommand command) {
        return routes.stream().filter(route -> route.reaches().test(command)).findFirst()
                .map(Route::downlink).orElse(otherwise).send(command);
    }

    @Override
    public void onReachable(Runnable listener) {
        otherwise.onReachable(listener);
        routes.forEach(route -> route.downlink().onReachable(listener));
    }
}
