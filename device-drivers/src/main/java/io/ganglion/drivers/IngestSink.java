package io.ganglion.drivers;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Where drivers hand device messages. Implemented by the gateway's ingest pipeline.
 *
 * <p>The contract that makes "acknowledged means on disk" hold: a driver acknowledges a message to its device (MQTT
 * PUBACK, CoAP 2.04) only after the stage returned by {@link #submit} completes normally. Normal completion means the
 * message's readings are committed to the store, or the message was rejected and the rejection recorded (a rejected
 * message is acknowledged too, so that a device does not resend a bad payload for ever).
 */
public interface IngestSink {

    /**
     * Hands over one message. Never blocks, so it may be called on an event loop.
     *
     * @return a stage that completes when the message is durably handled, saying whether it was stored or rejected;
     *     it fails with {@link OverloadedException}
     *     at once when the pipeline's bounded queue is full, and the driver must then apply back-pressure (stop reading,
     *     withhold the acknowledgement) and submit the same message again later
     */
    CompletionStage<IngestResult> submit(InboundMessage message);

    /**
     * Waits until the pipeline can probably take a message again. For driver threads that may block (a Paho callback
     * thread); never call it on an event loop.
     *
     * @return true when there is room, false when the timeout passed first
     */
    boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException;
}
