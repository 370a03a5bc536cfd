package io.ganglion.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioProviderTest {
    @TempDir
    Path dev;

    @Test
    void auto_picks_gpiod_where_the_kernel_has_a_gpio_chip() throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(GpioProvider.AUTO.resolve(dev)).isEqualTo(GpioProvider.GPIOD);
    }

    @Test
    void auto_falls_back_to_mock_pins_without_one() {
        assertThat(GpioProvider.AUTO.resolve(dev)).isEqualTo(GpioProvider.MOCK);
        assertThat(GpioProvider.AUTO.resolve(dev.resolve("missing"))).isEqualTo(GpioProvider.MOCK);
    }

    @Test
    void a_chosen_provider_stays_as_chosen() {
        assertThat(GpioProvider.MOCK.resolve(dev)).isEqualTo(GpioProvider.MOCK);
        assertThat(GpioProvider.GPIOD.resolve(dev)).isEqualTo(GpioProvider.GPIOD);
    }
}
