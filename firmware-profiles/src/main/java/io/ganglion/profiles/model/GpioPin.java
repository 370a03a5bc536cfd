package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.ConfigCheck;
import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;

/**
 * One GPIO pin of a device type ({@code transports.gpio.pins.<name>}).
 *
 * @param pin       the BCM GPIO number (0 to 53), not the header position
 * @param mode      counter, edge, level, relay or pwm
 * @param pull      inputs only: up, down or none (default)
 * @param debounce  inputs only: changes shorter than this are ignored (0 to 1s, default 0)
 * @param window    counter and level: the reporting window (100ms to 1h, default 10s)
 * @param activeLow the signal is active when the line is low (open-collector detector outputs, many relay boards)
 * @param frequency pwm only: the PWM frequency in Hz (1 to 100000), required
 */
public record GpioPin(Integer pin, GpioMode mode, GpioPull pull, Duration debounce, Duration window,
        Boolean activeLow, Integer frequency) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    public GpioPin {
        if (pin == null) {
            throw new InvalidSettingException("pin", "a BCM GPIO number from 0 to 53", "nothing");
        }
        inRange("pin", pin, 0, 53);
        if (mode == null) {
            throw new InvalidSettingException("mode", "one of counter, edge, level, relay, pwm", "nothing");
        }
        if (!mode.isInput() && pull != null) {
            throw new InvalidSettingException("pull", "no pull for an output pin (mode " + name(mode) + ")", name(pull));
        }
        if (!mode.isInput() && debounce != null) {
            throw new InvalidSettingException("debounce", "no debounce for an output pin (mode " + name(mode) + ")",
                    ConfigCheck.readable(debounce));
        }
        if (!mode.isWindowed() && window != null) {
            throw new InvalidSettingException("window", "a window only for counter and level pins",
                    ConfigCheck.readable(window));
        }
        if (mode == GpioMode.PWM) {
            if (frequency == null) {
                throw new InvalidSettingException("frequency", "a PWM frequency in Hz from 1 to 100000", "nothing");
            }
            inRange("frequency", frequency, 1, 100_000);
        } else if (frequency != null) {
            throw new InvalidSettingException("frequency", "a frequency only for pwm pins", frequency);
        }
        pull = mode.isInput() ? orDefault(pull, GpioPull.NONE) : null;
        debounce = mode.isInput() ? inRange("debounce", orDefault(debounce, Duration.ZERO), Duration.ZERO,
                Duration.ofSeconds(1)) : null;
        window = mode.isWindowed() ? inRange("window", orDefault(window, DEFAULT_WINDOW), Duration.ofMillis(100),
                Duration.ofHours(1)) : null;
        activeLow = orDefault(activeLow, false);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
