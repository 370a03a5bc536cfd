package io.ganglion.drivers;

import java.util.concurrent.CompletionStage;

/**
 * Sends commands to devices: the way down, beside {@link Driver}'s way up. Transport-neutral: MQTT publishes to a
 * topic, CoAP would POST to a resource, GPIO would set a pin. Both methods are non-blocking.
 *
 * <p>A driver never queues a command for a device it cannot reach: it answers {@link DeliveryResult.Outcome#NOT_CONNECTED}
 * at once, and the caller (the runtime's command service, which persists commands) keeps it and tries again when
 * {@link #onReachable} fires or on its own timer.
 */
public interface Downlink {

    /**
     * Sends one command.
     *
     * @return a stage that completes with the outcome; it never completes exceptionally (a failure is
     *     {@link DeliveryResult.Outcome#FAILED} with a detail). What "delivered" means depends on the transport and
     *     is documented by each driver.
     */
    CompletionStage<DeliveryResult> send(OutboundCommand command);

    /**
     * Registers a listener called, on a driver thread, when a device may have become reachable (a device subscribed,
     * the driver reconnected to its broker). A hint only: the caller retries what waits; keep the listener short.
     */
    void onReachable(Runnable listener);
}
