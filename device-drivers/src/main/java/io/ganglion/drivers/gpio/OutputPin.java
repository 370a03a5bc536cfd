package io.ganglion.drivers.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import io.ganglion.profiles.model.GpioMode;
import io.ganglion.profiles.model.GpioPin;
import io.vertx.core.json.JsonObject;

/**
 * A relay (on/off) or PWM output. Set and read on the driver's scheduler thread only, because Pi4J calls may block
 * on hardware.
 */
final class OutputPin {
    private final String name;
    private final GpioPin spec;
    private final DigitalOutput relay;
    private final Pwm pwm;
    private double value;

    private OutputPin(String name, GpioPin spec, DigitalOutput relay, Pwm pwm) {
        this.name = name;
        this.spec = spec;
        this.relay = relay;
        this.pwm = pwm;
    }

    static OutputPin relay(String name, GpioPin spec, DigitalOutput output) {
        return new OutputPin(name, spec, output, null);
    }

    static OutputPin pwm(String name, GpioPin spec, Pwm output) {
        return new OutputPin(name, spec, null, output);
    }

    String name() {
        return name;
    }

    /**
     * Checks a value before it is applied.
     *
     * @throws IllegalArgumentException saying what a value for this pin must be
     */
    void check(double value) {
        if (spec.mode() == GpioMode.RELAY && value != 0 && value != 1) {
            throw new IllegalArgumentException("relay pin '" + name + "' takes 0 (off) or 1 (on), not " + value);
        }
        if (spec.mode() == GpioMode.PWM && !(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException("pwm pin '" + name + "' takes a duty cycle from 0 to 100 %, not "
                    + value);
        }
    }

    /** Relay: 1 is active (the line low with activeLow); PWM: the duty cycle in %. */
    void set(double value) {
        check(value);
        if (relay != null) {
            boolean lineHigh = (value == 1) != spec.activeLow();
            relay.state(lineHigh ? DigitalState.HIGH : DigitalState.LOW);
        } else if (value == 0) {
            pwm.off();
        } else {
            pwm.on(value, spec.frequency());
        }
        this.value = value;
    }

    /** Puts this output's state under its name: {@code {"level": 0|1}} or {@code {"duty": %}}. */
    void report(JsonObject into) {
        into.put(name, relay != null ? new JsonObject().put("level", (int) value)
                : new JsonObject().put("duty", value));
    }
}
