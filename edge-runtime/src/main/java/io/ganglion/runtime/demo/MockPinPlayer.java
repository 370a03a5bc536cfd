package io.ganglion.runtime.demo;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.ganglion.drivers.gpio.GpioDriver;
import io.ganglion.profiles.model.GpioPin;
import io.ganglion.profiles.model.GpioTransport;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.run.GpioPins;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's GPIO hook on the gateway's mock pins: a loop detector's telemetry message becomes what its card
 * would have done to the pins. For a {@code counter} pin, {@code count} pulses spread over the pin's window (divided by
 * the run's speed), high for {@code active} % of it in all; for a {@code level} or {@code edge} pin, its
 * {@code level} at once (inverted for {@code activeLow}). The message's payload is the JSON the gateway's GPIO driver
 * reports ({@code {"loop": {"count": 4, "active": 23.5}, "fault": {"level": 0}}}), so it is read by pin name.
 *
 * <p>The gateway counts the pins in windows of its own, so its readings follow its windows, not the messages: a train
 * of pulses that straddles a window boundary is counted in two windows. The totals agree.
 *
 * <p>Never blocks the runner: pulses are played on a timer thread of its own, and a message is acknowledged when its
 * last pulse has been played (failed when the player closes first). A pulse and the gap after it last at least
 * three times the pin's debounce (at least 15 ms), so the gateway sees every edge; pulses that do not fit are not
 * played, and such a message is failed rather than acknowledged (the simulator's check then allows its count in
 * part).
 */
public final class MockPinPlayer implements GpioPins, AutoCloseable {
    static final long MIN_PULSE_MILLIS = 15;
    /** Trains end before the next message is due even when it comes 10 % early (the scenario's default jitter). */
    private static final double SPAN_OF_WINDOW = 0.9;

    private final Map<String, MockDigitalInput> inputs;
    private final double speed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ganglion-demo-pins");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Outcome> playing = ConcurrentHashMap.newKeySet();

    private MockPinPlayer(Map<String, MockDigitalInput> inputs, double speed) {
        this.inputs = inputs;
        this.speed = speed;
    }

    /**
     * Wires {@code pins} (per device, BCM numbers by pin name) to the driver's mock inputs.
     *
     * @param speed the run's speed: a window of pulses is played in {@code window / speed}
     * @throws IllegalStateException when a pin is not one of Pi4J's mock inputs (real pins: nothing to play)
     */
    public static MockPinPlayer wire(GpioDriver driver, Map<String, Map<String, Integer>> pins, double speed) {
        Context context = driver.context();
        if (context == null) {
            throw new IllegalStateException("the gateway's GPIO driver has not started");
        }
        Map<String, MockDigitalInput> inputs = new HashMap<>();
        pins.forEach((device, own) -> own.forEach((name, bcm) -> {
            Object io = context.registry().exists("gpio-" + bcm) ? context.registry().get("gpio-" + bcm) : null;
            if (!(io instanceof MockDigitalInput input)) {
                throw new IllegalStateException("pin " + bcm + " (" + device + " " + name + ") is not a mock input"
                        + " of the gateway (" + (io == null ? "absent" : io.getClass().getSimpleName()) + ")");
            }
            inputs.put(key(device, name), input);
        }));
        return new MockPinPlayer(Map.copyOf(inputs), speed);
    }

    private static String key(String device, String pin) {
        return device + "/" + pin;
    }

    /** Every input to its inactive level: a healthy card with no vehicle on the loop. */
    @Override
    public void prepare(DeviceInfo device) {
        pinsOf(device).forEach((name, spec) -> {
            MockDigitalInput input = inputs.get(key(device.id(), name));
            if (input != null && spec.mode().isInput()) {
                input.mockState(inactive(spec));
            }
        });
    }

    @Override
    public void apply(DeviceInfo device, Message message, Outcome outcome) {
        JsonObject payload;
        try {
            payload = new JsonObject(Buffer.buffer(message.payload()));
        } catch (RuntimeException e) {
            outcome.rejected(); // not what the GPIO driver reports
            return;
        }
        long end = 0;
        boolean whole = true;
        playing.add(outcome);
        try {
            for (Map.Entry<String, GpioPin> pin : pinsOf(device).entrySet()) {
                MockDigitalInput input = inputs.get(key(device.id(), pin.getKey()));
                JsonObject values = payload.getValue(pin.getKey()) instanceof JsonObject o ? o : null;
                if (input != null && values != null) {
                    Played played = play(input, pin.getValue(), values);
                    end = Math.max(end, played.endMillis());
                    whole &= played.whole();
                }
            }
            boolean playedInFull = whole;
            timer.schedule(() -> {
                if (playing.remove(outcome)) {
                    // A train cut short was counted in part: neither acknowledged nor lost for the check.
                    if (playedInFull) {
                        outcome.acknowledged();
                    } else {
                        outcome.failed();
                    }
                }
            }, end, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            if (playing.remove(outcome)) {
                outcome.failed();
            }
        }
    }

    /** What one pin does for one message: when it is done, in ms from now, and whether all of it fitted. */
    private record Played(long endMillis, boolean whole) {
    }

    /** Schedules what one pin does for one message. */
    private Played play(MockDigitalInput input, GpioPin spec, JsonObject values) {
        DigitalState on = active(spec);
        DigitalState off = inactive(spec);
        switch (spec.mode()) {
            case COUNTER -> {
                Duration window = spec.window() != null ? spec.window() : GpioPin.DEFAULT_WINDOW;
                double played = window.toMillis() / speed; // the window as the run plays it
                long span = (long) (played * SPAN_OF_WINDOW);
                long debounce = spec.debounce() != null ? spec.debounce().toMillis() : 0;
                long minPulse = Math.max(MIN_PULSE_MILLIS, 3 * debounce);
                int wanted = (int) Math.max(0, number(values, "count"));
                int count = (int) Math.min(wanted, span / (2 * minPulse));
                if (count <= 0) {
                    return new Played(0, wanted == 0);
                }
                double activeShare = Math.max(0, Math.min(100, number(values, "active"))) / 100.0;
                long slot = span / count;
                long high = Math.max(minPulse, Math.min(slot - minPulse, (long) (activeShare * played / count)));
                for (int i = 0; i < count; i++) {
                    long start = i * slot;
                    timer.schedule(() -> input.mockState(on), start, TimeUnit.MILLISECONDS);
                    timer.schedule(() -> input.mockState(off), start + high, TimeUnit.MILLISECONDS);
                }
                return new Played((count - 1) * slot + high, count == wanted);
            }
            case LEVEL, EDGE -> {
                DigitalState state = number(values, "level") != 0 ? on : off;
                timer.execute(() -> input.mockState(state));
                return new Played(0, true);
            }
            default -> {
                return new Played(0, true); // outputs are the gateway's to drive
            }
        }
    }

    /** A number, or a bool as 0 or 1 (a profile's bool metric is encoded either way); 0 when absent. */
    private static double number(JsonObject values, String name) {
        Object value = values.getValue(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return Boolean.TRUE.equals(value) ? 1 : 0;
    }

    private static Map<String, GpioPin> pinsOf(DeviceInfo device) {
        GpioTransport gpio = device.profile().transports() == null ? null : device.profile().transports().gpio();
        return gpio == null ? Map.of() : gpio.pins();
    }

    private static DigitalState active(GpioPin spec) {
        return Boolean.TRUE.equals(spec.activeLow()) ? DigitalState.LOW : DigitalState.HIGH;
    }

    private static DigitalState inactive(GpioPin spec) {
        return Boolean.TRUE.equals(spec.activeLow()) ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** Stops playing; messages whose pulses were still to come are failed. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Outcome outcome : playing) {
            if (playing.remove(outcome)) {
                outcome.failed();
            }
        }
    }
}
