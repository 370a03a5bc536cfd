package io.ganglion.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.Transport;
import io.ganglion.profiles.model.GpioMode;
import io.ganglion.profiles.model.GpioPin;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** The opened pins of one device, and the JSON reports made of them (docs/profiles.md, "GPIO"). */
final class DevicePins {
    private final String deviceId;
    private final String address;
    private final Map<String, InputPin> inputs = new LinkedHashMap<>();
    private final Map<String, OutputPin> outputs = new LinkedHashMap<>();

    private DevicePins(GpioDevice device) {
        this.deviceId = device.id();
        this.address = "gpio:" + device.pins().pins().values().stream().map(p -> String.valueOf(p.pin()))
                .collect(Collectors.joining(","));
    }

    /**
     * Opens every pin of a device in the context.
     *
     * @param onEdge told of each debounced change of an edge pin
     */
    static DevicePins open(GpioDevice device, Context context, boolean hardwarePwm, EpochMicros clock,
                           ScheduledExecutorService scheduler, BiConsumer<DevicePins, InputPin> onEdge) {
        DevicePins pins = new DevicePins(device);
        device.pins().pins().forEach((name, spec) -> {
            String id = "gpio-" + spec.pin();
            switch (spec.mode()) {
                case COUNTER, LEVEL, EDGE -> pins.openInput(name, spec, id, context, clock, scheduler, onEdge);
                case RELAY -> {
                    DigitalOutput output = context.create(DigitalOutput.newConfigBuilder(context).id(id).name(name)
                            .address(spec.pin()).shutdown(spec.activeLow() ? DigitalState.HIGH : DigitalState.LOW)
                            .initial(spec.activeLow() ? DigitalState.HIGH : DigitalState.LOW).build());
                    pins.outputs.put(name, OutputPin.relay(name, spec, output));
                }
                case PWM -> {
                    Pwm pwm = context.create(Pwm.newConfigBuilder(context).id(id).name(name)
                            .address(hardwarePwm ? Pi4jContexts.pwmChannel(spec.pin()) : spec.pin())
                            .pwmType(PwmType.HARDWARE).frequency(spec.frequency()).initial(0).shutdown(0).build());
                    pins.outputs.put(name, OutputPin.pwm(name, spec, pwm));
                }
            }
        });
        return pins;
    }

    private void openInput(String name, GpioPin spec, String id, Context context, EpochMicros clock,
                           ScheduledExecutorService scheduler, BiConsumer<DevicePins, InputPin> onEdge) {
        // Debounce is done in InputPin, alike for every provider (the mock plugin ignores Pi4J's).
        DigitalInput input = context.create(DigitalInput.newConfigBuilder(context).id(id).name(name)
                .address(spec.pin()).pull(pull(spec)).debounce(0L).build());
        Consumer<InputPin> onAccepted = spec.mode() == GpioMode.EDGE ? changed -> onEdge.accept(this, changed)
                : changed -> { };
        InputPin pin = new InputPin(name, spec, clock, scheduler, onAccepted);
        pin.begin(input.state() == DigitalState.HIGH);
        input.addListener(event -> pin.onLine(event.state() == DigitalState.HIGH));
        inputs.put(name, pin);
    }

    private static PullResistance pull(GpioPin spec) {
        return switch (spec.pull()) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case NONE -> PullResistance.OFF;
        };
    }

    String deviceId() {
        return deviceId;
    }

    Optional<OutputPin> output(String name) {
        return Optional.ofNullable(outputs.get(name));
    }

    /** The window lengths of this device's counter and level pins, in ms. */
    LongStream windowsMillis() {
        return inputs.values().stream().filter(p -> p.spec().mode().isWindowed())
                .mapToLong(p -> p.spec().window().toMillis());
    }

    /**
     * Closes the windows that end at {@code boundaryMillis} (every window when {@code all}) and reports them, with
     * the current state of the other pins.
     *
     * @param endMicros when the windows are closed in fact (a few ms after the boundary, or at stop)
     * @return the report, empty when no window of this device ends there
     */
    Optional<JsonObject> closeWindows(long boundaryMillis, long endMicros, boolean all) {
        JsonObject report = new JsonObject().put("ts", boundaryMillis);
        boolean any = false;
        for (InputPin pin : inputs.values()) {
            GpioPin spec = pin.spec();
            if (spec.mode().isWindowed() && (all || boundaryMillis % spec.window().toMillis() == 0)) {
                InputPin.Window window = pin.closeWindow(endMicros);
                JsonObject values = new JsonObject();
                if (spec.mode() == GpioMode.COUNTER) {
                    values.put("count", window.activations());
                } else {
                    values.put("level", window.active() ? 1 : 0);
                }
                report.put(pin.name(), values.put("active", Math.round(window.activePercent() * 10) / 10.0));
                any = true;
            } else if (spec.mode() == GpioMode.EDGE) {
                report.put(pin.name(), level(pin));
            }
        }
        outputs.values().forEach(output -> output.report(report));
        return any ? Optional.of(report) : Optional.empty();
    }

    static JsonObject edgeReport(InputPin pin, boolean active, long tsMillis) {
        return new JsonObject().put("ts", tsMillis).put(pin.name(), new JsonObject().put("level", active ? 1 : 0));
    }

    static JsonObject outputReport(OutputPin output, long tsMillis) {
        JsonObject report = new JsonObject().put("ts", tsMillis);
        output.report(report);
        return report;
    }

    private static JsonObject level(InputPin pin) {
        return new JsonObject().put("level", pin.active() ? 1 : 0);
    }

    InboundMessage message(JsonObject report, long receivedAt) {
        return new InboundMessage(Transport.GPIO, deviceId, Channel.TELEMETRY, address, report.toBuffer().getBytes(),
                1, receivedAt);
    }
}
