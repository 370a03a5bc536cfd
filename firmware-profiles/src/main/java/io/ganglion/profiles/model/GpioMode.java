package io.ganglion.profiles.model;

/**
 * What the gateway does with a GPIO pin, and so what the GPIO driver reports for it. The driver reports a pin named
 * {@code loop} as a JSON object under that name (see docs/profiles.md, "GPIO"), which the profile's telemetry decodes
 * like any device payload.
 */
public enum GpioMode {
    /** Input; counts rising edges per {@code window}: reports {@code count} and {@code active} (% of the window). */
    COUNTER(true),
    /** Input; reports every change at once: {@code level} (0 or 1). */
    EDGE(true),
    /** Input; reports {@code level} and {@code active} (% of the window the input was active) per {@code window}. */
    LEVEL(true),
    /** Output switched on and off by commands; reports {@code level}. */
    RELAY(false),
    /** Output with a duty cycle at {@code frequency}; reports {@code duty} (%). */
    PWM(false);

    private final boolean input;

    GpioMode(boolean input) {
        this.input = input;
    }

    public boolean isInput() {
        return input;
    }

    /** Whether the driver reports once per window (and so needs one). */
    public boolean isWindowed() {
        return this == COUNTER || this == LEVEL;
    }
}
