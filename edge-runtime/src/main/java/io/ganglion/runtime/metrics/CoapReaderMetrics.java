package io.ganglion.runtime.metrics;

import io.ganglion.drivers.coap.CoapDeviceReader;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exposes the CoAP device reader's counters, summed over its devices, as {@code ganglion_coap_reader_*} meters read at
 * scrape time (per device they would be one time series per device; the log names the device that fails).
 */
public final class CoapReaderMetrics {
    private CoapReaderMetrics() {
    }

    public static CoapDeviceReader bind(CoapDeviceReader reader, MeterRegistry registry) {
        FunctionCounter.builder("ganglion.coap.reader.requests", reader, r -> r.totals().requests())
                .description("Observe registrations and poll GETs sent to devices").register(registry);
        FunctionCounter.builder("ganglion.coap.reader.failures", reader, r -> r.totals().failedAttempts())
                .description("Requests to devices that got no usable answer (each grows the back-off)")
                .register(registry);
        FunctionCounter.builder("ganglion.coap.reader.delivered", reader, r -> r.totals().delivered())
                .description("Device readings the store accepted").register(registry);
        FunctionCounter.builder("ganglion.coap.reader.dropped", reader, r -> r.totals().dropped())
                .description("Readings replaced by a newer one of the same device while the store was overloaded")
                .register(registry);
        return reader;
    }
}
