package io.ganglion.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;

/**
 * Builds the Pi4J context with exactly the providers the driver uses. Auto-detection is off: on a machine that is
 * not a Raspberry Pi it only logs board-detection errors and loads plugins we do not want (pigpio needs root and a
 * daemon); the kernel's GPIO character device works on any Linux board.
 */
final class Pi4jContexts {
    /** The sysfs PWM chip of the Raspberry Pi's two hardware PWM channels. */
    private static final int PWM_CHIP = 0;

    private Pi4jContexts() {
    }

    static Context create(GpioProvider provider) {
        var builder = Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook();
        return switch (provider) {
            case MOCK -> builder.add(new MockPlatform())
                    .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                            MockPwmProvider.newInstance())
                    .build();
            case GPIOD -> builder
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                            LinuxFsPwmProvider.newInstance(PWM_CHIP))
                    .build();
            case AUTO -> throw new IllegalArgumentException("resolve AUTO to a provider first");
        };
    }

    /**
     * The hardware PWM channel of a BCM pin on a Raspberry Pi (sysfs PWM numbers channels, not pins).
     *
     * @throws IllegalArgumentException for a pin without hardware PWM
     */
    static int pwmChannel(int bcm) {
        return switch (bcm) {
            case 12, 18 -> 0;
            case 13, 19 -> 1;
            default -> throw new IllegalArgumentException("GPIO " + bcm + " has no hardware PWM; use 12, 13, 18 or 19");
        };
    }
}
