package io.ganglion.drivers.mqtt;

import io.ganglion.profiles.LogThrottle;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import io.ganglion.drivers.Stages;
import io.ganglion.drivers.Transport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker driver's message path: runs on Paho's callback thread, hands each message to the sink and acknowledges it
 * to the broker only after the sink's stage completed normally.
 *
 * <p>Back-pressure works by blocking the callback thread (it is Paho's, not an event loop): while it is blocked Paho
 * stops reading the socket and the broker stops sending once its in-flight window is full. It blocks when
 * {@code maxInflight} messages are submitted but not yet acknowledged, and while the sink says it is overloaded.
 */
final class BrokerIntake implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerIntake.class);
    private static final long LATE_RETRY_MILLIS = 50;

    /** Sends the acknowledgement; the driver drops it when the message came on an earlier connection. */
    interface Acker {
        void ack(int generation, int messageId, int qos) throws MqttException;
    }

    private final IngestSink sink;
    private final TopicRouter router;
    private final Semaphore permits;
    private final int maxInflight;
    private final IntSupplier generation;
    private final Acker acker;
    private final Consumer<Throwable> onConnectionLost;
    private final Consumer<Throwable> onStoreFailure;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong unrouted = new AtomicLong();
    private final AtomicLong overloadWaits = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final LogThrottle unroutedLog = new LogThrottle(Duration.ofMinutes(1));
    private final LogThrottle storeLog = new LogThrottle(Duration.ofSeconds(10));
    private volatile boolean closed;

    BrokerIntake(IngestSink sink, TopicRouter router, int maxInflight, IntSupplier generation, Acker acker,
                 Consumer<Throwable> onConnectionLost, Consumer<Throwable> onStoreFailure,
                 ScheduledExecutorService scheduler) {
        this.sink = sink;
        this.router = router;
        this.maxInflight = maxInflight;
        this.permits = new Semaphore(maxInflight);
        this.generation = generation;
        this.acker = acker;
        this.onConnectionLost = onConnectionLost;
        this.onStoreFailure = onStoreFailure;
        this.scheduler = scheduler;
    }

    @Override
    public void connectionLost(Throwable cause) {
        onConnectionLost.accept(cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // The gateway publishes nothing to the broker yet.
    }

    /** Never throws: an exception here would make Paho drop the connection. */
    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int gen = generation.getAsInt();
        try {
            Optional<TopicRouter.Route> route = router.route(topic);
            if (route.isEmpty()) {
                // Reachable when profiles were reloaded and a template went away while the broker still delivered on it;
                // acknowledge so the broker does not resend it.
                unrouted.incrementAndGet();
                long skipped = unroutedLog.admit();
                if (skipped >= 0) {
                    LOG.warn("Ignored a message on '{}': not a device topic ({} more not logged)", topic, skipped);
                }
                acker.ack(gen, message.getId(), message.getQos());
                return;
            }
            InboundMessage inbound = new InboundMessage(Transport.MQTT, route.get().deviceId(), route.get().channel(),
                    topic, message.getPayload(), Math.min(message.getQos(), 1), System.currentTimeMillis());
            handOver(inbound, message.getId(), message.getQos(), gen);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("Could not handle a message on '{}'", topic, e);
        }
    }

    private void handOver(InboundMessage inbound, int messageId, int qos, int gen) {
        try {
            if (closed || !acquirePermit()) {
                countAbandoned(qos); // stopping: not acknowledged, so the broker keeps QoS1 for the next session
                return;
            }
        } catch (InterruptedException e) {
            // Paho interrupts this thread when the connection shuts down; the broker redelivers what was not acked.
            Thread.currentThread().interrupt();
            countAbandoned(qos);
            return;
        }
        boolean handedOver = false;
        try {
            submitBlocking(inbound, messageId, qos, gen);
            handedOver = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Shutting down while the sink is full. QoS1 comes again from the broker; QoS0 would not, so it is retried
            // off this thread, keeping its permit until it is handed over.
            if (qos == 0) {
                submitLater(inbound, messageId, 0, gen);
                handedOver = true;
            }
        } finally {
            if (!handedOver) {
                permits.release();
            }
        }
    }

    private boolean acquirePermit() throws InterruptedException {
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (closed) {
                return false;
            }
        }
        return true;
    }

    /** On the callback thread: retries the same message while the sink is overloaded, holding the thread. */
    private void submitBlocking(InboundMessage inbound, int messageId, int qos, int gen) throws InterruptedException {
        while (true) {
            CompletionStage<IngestResult> stage = sink.submit(inbound);
            if (!(Stages.failedAtOnce(stage) instanceof OverloadedException)) {
                stage.whenComplete((ok, error) -> completed(inbound, messageId, qos, gen, error));
                return;
            }
            overloadWaits.incrementAndGet();
            sink.awaitCapacity(1, TimeUnit.SECONDS);
        }
    }

    /** For a refusal that arrived late (the contract says at once): retry off the callback thread, keep the permit. */
    private void submitLater(InboundMessage inbound, int messageId, int qos, int gen) {
        scheduler.schedule(() -> {
            CompletionStage<IngestResult> stage = sink.submit(inbound);
            if (Stages.failedAtOnce(stage) instanceof OverloadedException) {
                overloadWaits.incrementAndGet();
                submitLater(inbound, messageId, qos, gen);
            } else {
                stage.whenComplete((ok, error) -> completed(inbound, messageId, qos, gen, error));
            }
        }, LATE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void completed(InboundMessage inbound, int messageId, int qos, int gen, Throwable error) {
        Throwable cause = error == null ? null : Stages.unwrap(error);
        if (cause instanceof OverloadedException) {
            overloadWaits.incrementAndGet();
            submitLater(inbound, messageId, qos, gen);
            return;
        }
        permits.release();
        if (cause != null) {
            // Not acknowledged: the broker must deliver it again; the driver reconnects to make that happen.
            storeFailures.incrementAndGet();
            long skipped = storeLog.admit();
            if (skipped >= 0) {
                LOG.error("Store failed for a message from device {} on '{}'; not acknowledged, it will be redelivered"
                        + " ({} more not logged)", inbound.deviceId(), inbound.address(), skipped, cause);
            }
            onStoreFailure.accept(cause);
            return;
        }
        try {
            acker.ack(gen, messageId, qos);
        } catch (MqttException | RuntimeException e) {
            // The connection went away meanwhile: the broker redelivers the message to the next session.
            LOG.debug("Could not acknowledge message {}: {}", messageId, e.toString());
        }
    }

    private void countAbandoned(int qos) {
        if (qos == 0) {
            abandoned.incrementAndGet();
        }
    }

    /** Stops taking messages; those that still arrive stay unacknowledged. */
    void close() {
        closed = true;
    }

    int inFlight() {
        return maxInflight - permits.availablePermits();
    }

    long unroutedCount() {
        return unrouted.get();
    }

    long overloadWaitCount() {
        return overloadWaits.get();
    }

    long storeFailureCount() {
        return storeFailures.get();
    }

    /** QoS0 messages that arrived while stopping or during a connection shutdown and could not be handed over. */
    long abandonedQos0Count() {
        return abandoned.get();
    }
}
