package io.ganglion.sim.run;

import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.Message;
import java.time.Duration;

/**
 * How the runner reaches the gateway for the devices of one transport (MQTT, CoAP/CoAPS, GPIO). Every method returns
 * at once: the work happens on the link's own threads, and what becomes of each message goes to the
 * {@link Recorder} the link was made with. Called from the runner's one thread.
 */
public interface Link extends AutoCloseable {

    /** CONNECT, DROP (abruptly: the last will fires) or RECONNECT one device. */
    void connection(ConnectionEvent event);

    /**
     * Sends a message, or queues it behind its device's in-flight window (bounded: beyond it the message is dropped
     * and counted, never blocking the caller).
     */
    void send(Message message);

    /** Messages handed to {@link #send} and not yet settled or dropped: queued, in flight or awaiting a confirmation. */
    long pending();

    /** Closes every connection cleanly (an MQTT DISCONNECT: no last will) within about {@code timeout}. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(5));
    }
}
