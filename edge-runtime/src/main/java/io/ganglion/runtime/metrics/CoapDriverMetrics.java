package io.ganglion.runtime.metrics;

import io.ganglion.drivers.coap.CoapServerDriver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Exposes the CoAP server's own counters as {@code ganglion_coap_*} meters, read at scrape time. */
public final class CoapDriverMetrics {
    private CoapDriverMetrics() {
    }

    /** @return the driver, so that the gateway can bind and add it in one expression */
    public static CoapServerDriver bind(CoapServerDriver driver, MeterRegistry registry) {
        FunctionCounter.builder("ganglion.coap.requests", driver, CoapServerDriver::requestCount)
                .description("POSTs to device resources received over CoAP and CoAPS").register(registry);
        for (String code : CoapServerDriver.RESPONSE_CODES) {
            FunctionCounter.builder("ganglion.coap.responses", driver, d -> d.responseCount(code))
                    .tag("code", code)
                    .description("Answers to device POSTs by CoAP response code").register(registry);
        }
        FunctionCounter.builder("ganglion.coap.overloaded", driver, CoapServerDriver::overloadCount)
                .description("Requests answered 5.03 because the store's queue was full or the gateway stopping")
                .register(registry);
        FunctionCounter.builder("ganglion.coap.malformed.blocks", driver, CoapServerDriver::badBlockCount)
                .description("Messages whose Block1 size is smaller than their payload, answered 4.00").register(registry);
        Gauge.builder("ganglion.coap.inflight", driver, CoapServerDriver::inFlight)
                .description("CoAP requests handed to the store and not yet answered").register(registry);
        return driver;
    }
}
