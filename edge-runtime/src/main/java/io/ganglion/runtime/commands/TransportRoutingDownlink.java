package io.ganglion.runtime.commands;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.Driver;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.gpio.GpioDownlink;
import io.ganglion.drivers.gpio.GpioDriver;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The one {@link Downlink} the command service sends through: each command goes by the transport that reaches its
 * device. Devices wired to the gateway's pins go to the GPIO downlink, every other device to MQTT.
 *
 * <p>Routing asks the GPIO driver which devices it drives rather than the device's current profile: the driver's
 * devices are fixed when it starts (from profiles with {@code transports.gpio}), so a profile edited since then
 * cannot send a command to pins nobody opened, and a stored command resumed after a restart routes the same way.
 */
public final class TransportRoutingDownlink implements Downlink {
    private final Downlink mqtt;
    private final Downlink gpio;
    private final Predicate<String> onGpio;

    /**
     * @param mqtt   for every device not on GPIO
     * @param gpio   for the devices {@code onGpio} accepts
     * @param onGpio whether a device id is one the GPIO driver drives; called from any thread
     */
    public TransportRoutingDownlink(Downlink mqtt, Downlink gpio, Predicate<String> onGpio) {
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.gpio = Objects.requireNonNull(gpio, "gpio");
        this.onGpio = Objects.requireNonNull(onGpio, "onGpio");
    }

    /** MQTT alone, or MQTT and GPIO when the gateway's drivers include a GPIO driver. */
    public static Downlink of(Downlink mqtt, List<? extends Driver> drivers) {
        return drivers.stream().filter(GpioDriver.class::isInstance).map(GpioDriver.class::cast).findFirst()
                .<Downlink>map(gpio -> new TransportRoutingDownlink(mqtt, new GpioDownlink(gpio), gpio::drives))
                .orElse(mqtt);
    }

    @Override
    public CompletionStage<DeliveryResult> send(OutboundCommand command) {
        return (onGpio.test(command.deviceId()) ? gpio : mqtt).send(command);
    }

    @Override
    public void onReachable(Runnable listener) {
        mqtt.onReachable(listener);
        gpio.onReachable(listener);
    }
}
