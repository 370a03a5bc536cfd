package io.ganglion.runtime.metrics;

import io.ganglion.drivers.gpio.GpioDriver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** Exposes the GPIO driver's counters as {@code ganglion_gpio_*} meters, read at scrape time. */
public final class GpioDriverMetrics {
    private GpioDriverMetrics() {
    }

    public static void bind(GpioDriver driver, MeterRegistry registry) {
        FunctionCounter.builder("ganglion.gpio.reports.retried", driver, GpioDriver::retriedReports)
                .description("GPIO reports submitted again because the store queue was full").register(registry);
        FunctionCounter.builder("ganglion.gpio.reports.dropped", driver, GpioDriver::droppedReports)
                .description("GPIO reports given up on: the store queue stayed full, or the store failed")
                .register(registry);
    }
}
