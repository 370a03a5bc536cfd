package io.ganglion.drivers;

import java.util.concurrent.CompletionStage;

/**
 * A southbound transport. Drivers are independent of each other and of the runtime; the runtime starts them with the
 * sink they feed. Both methods are non-blocking: the work happens on the driver's own threads or event loop.
 */
public interface Driver {

    /** A short name for logs, e.g. {@code mqtt-broker tcp://127.0.0.1:1883}. */
    String name();

    /** Starts receiving; completes when the driver is ready (listening or connected), fails if it cannot start. */
    CompletionStage<Void> start(IngestSink sink);

    /**
     * Stops intake, waits (bounded) for messages already handed to the sink to complete and be acknowledged, then
     * closes connections. Completes when done; never fails.
     */
    CompletionStage<Void> stop();
}
