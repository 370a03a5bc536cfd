package io.ganglion.drivers.gpio;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which Pi4J providers drive the pins. */
public enum GpioProvider {
    /** {@link #GPIOD} when the kernel exposes a GPIO character device ({@code /dev/gpiochip*}), else {@link #MOCK}. */
    AUTO,
    /** Pi4J's mock plugin: pins that tests (and the demo) drive in memory. */
    MOCK,
    /** The kernel's GPIO character device through libgpiod for digital pins, sysfs ({@code linuxfs}) for PWM. */
    GPIOD;

    /** This provider with {@link #AUTO} decided by looking for a GPIO character device in {@code dev}. */
    public GpioProvider resolve(Path dev) {
        if (this != AUTO) {
            return this;
        }
        try (DirectoryStream<Path> chips = Files.newDirectoryStream(dev, "gpiochip*")) {
            return chips.iterator().hasNext() ? GPIOD : MOCK;
        } catch (IOException e) {
            return MOCK;
        }
    }
}
