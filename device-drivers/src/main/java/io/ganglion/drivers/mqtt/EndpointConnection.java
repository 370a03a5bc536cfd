package io.ganglion.drivers.mqtt;

import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import io.ganglion.drivers.Stages;
import io.ganglion.drivers.Transport;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One device connection of the embedded endpoint. Everything here runs on the connection's event loop; stage
 * completions from the sink are brought back to it.
 *
 * <p>Messages pass two queues in arrival order: {@code waiting} (received, not yet taken by the sink) and
 * {@code accepted} (taken, waiting for the commit). A refused submit stays at the head of {@code waiting} and is tried
 * again after a short timer, so order per connection is kept and nothing is dropped, QoS0 included. Acknowledgements
 * (PUBACK, or PUBREC for QoS2) leave in arrival order, as MQTT requires, each only after its own commit. Reading the
 * socket is paused while anything waits or {@code receiveMaximum} messages are accepted but not committed.
 *
 * <p>Commands go the other way through {@link #publish}: a QoS1 command counts as delivered when the device's PUBACK
 * arrives; those still awaiting one fail when the connection closes.
 */
final class EndpointConnection {
    private static final long RETRY_MILLIS = 25;
    /** Only used when the socket cannot be paused: past this many waiting messages the connection is closed. */
    private static final int FALLBACK_WAITING_LIMIT = 10_000;
    /** QoS1 commands sent to one device and not yet acknowledged; more is refused rather than queued here. */
    static final int MAX_AWAITING_PUBACK = 64;

    private static final class Pending {
        final int messageId;
        final int qos;
        final InboundMessage message; // null: not a device topic, acknowledged without a submit
        final String topic;
        boolean done;
        boolean failed;

        Pending(int messageId, int qos, InboundMessage message, String topic) {
            this.messageId = messageId;
            this.qos = qos;
            this.message = message;
            this.topic = topic;
        }
    }

    private final MqttEndpoint endpoint;
    private final Context context;
    private final IngestSink sink;
    private final EndpointSettings settings;
    private final SubscriptionRegistry subscriptions;
    private final EndpointStats stats;
    private final Consumer<EndpointConnection> onClosed;
    private final TopicRouter router;
    private final ReadPause readPause;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final ArrayDeque<Pending> accepted = new ArrayDeque<>();
    private final Map<Integer, Promise<Void>> awaitingPuback = new HashMap<>();
    private final Runnable onSubscribed;
    /** The device this connection logged in as and acts for only; null when it may act for any (open access). */
    private final String deviceId;
    private final PublishRate rate;
    private boolean paused;
    private boolean retryArmed;
    private boolean intakeStopped;
    private boolean closed;
    private boolean disconnectedCleanly;

    EndpointConnection(MqttEndpoint endpoint, Context context, IngestSink sink, TopicRouter router,
                       EndpointSettings settings, SubscriptionRegistry subscriptions, EndpointStats stats,
                       Consumer<EndpointConnection> onClosed, Runnable onSubscribed, String deviceId) {
        this.deviceId = deviceId;
        this.onSubscribed = onSubscribed;
        this.endpoint = endpoint;
        this.router = router;
        this.context = context;
        this.sink = sink;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.stats = stats;
        this.onClosed = onClosed;
        this.readPause = ReadPause.of(endpoint);
        this.rate = new PublishRate(settings.limits().messagesPerSecond(), context);
    }

    String clientId() {
        return endpoint.clientIdentifier();
    }

    Context context() {
        return context;
    }

    /** Installs the handlers and sends CONNACK. */
    void accept() {
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.publishHandler(this::onPublish);
        // QoS2 is taken as at-least-once: PUBREC after the commit, PUBCOMP when the device releases it.
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.publishAcknowledgeHandler(this::onPuback);
        endpoint.subscribeHandler(this::onSubscribe);
        endpoint.unsubscribeHandler(this::onUnsubscribe);
        endpoint.disconnectHandler(v -> disconnectedCleanly = true);
        endpoint.exceptionHandler(this::onException);
        endpoint.closeHandler(v -> onClose());
        // vertx-mqtt calls the close handler only if the socket closes after this point; the guard tells in any case.
        PacketGuard guard = readPause.guard();
        if (guard != null) {
            guard.attach(endpoint);
            guard.whenInactive(() -> context.runOnContext(v -> onClose()));
        }
        if (endpoint.isCleanSession()) {
            subscriptions.removeClient(clientId());
        }
        if (endpoint.protocolVersion() == 5) {
            // Tell MQTT 5 devices our limits so that they keep to them instead of being cut off.
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM,
                    settings.receiveMaximum()));
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE,
                    settings.maxMessageBytes()));
            endpoint.accept(false, properties);
        } else {
            endpoint.accept(false);
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        String topic = publish.topicName();
        String tooBig = settings.limits().topicProblem(topic);
        if (tooBig != null) {
            // MQTT 3.1.1 cannot refuse one PUBLISH: the connection goes, as for any protocol violation.
            stats.overLimit(clientId(), "a PUBLISH on " + tooBig);
            closeNow();
            return;
        }
        if (rate.take(this::updateReading)) {
            stats.rateLimited(clientId());
            updateReading();
        }
        int qos = publish.qosLevel().value();
        Optional<TopicRouter.Route> route = router.route(topic);
        if (route.isPresent() && !DeviceAccess.mayPublish(deviceId, route.get().deviceId())) {
            // As a broker does: acknowledged (a refused QoS1 message would only be sent again) and not delivered.
            stats.denied(deviceId, "publish on", topic);
            enqueue(new Pending(publish.messageId(), qos, null, topic));
            return;
        }
        InboundMessage message = route.map(r -> new InboundMessage(Transport.MQTT, r.deviceId(), r.channel(), topic,
                publish.payload().getBytes(), Math.min(qos, 1), System.currentTimeMillis())).orElse(null);
        if (message == null) {
            stats.unrouted(clientId(), topic);
        }
        enqueue(new Pending(publish.messageId(), qos, message, topic));
        if (!readPause.canPause() && waiting.size() > FALLBACK_WAITING_LIMIT) {
            onException(new IllegalStateException("more than " + FALLBACK_WAITING_LIMIT + " messages waiting"));
        }
    }

    private void enqueue(Pending pending) {
        stats.outstanding.incrementAndGet();
        waiting.add(pending);
        drain();
    }

    /** Hands waiting messages to the sink in order, as far as the sink and the receive maximum allow. */
    private void drain() {
        while (!waiting.isEmpty() && accepted.size() < settings.receiveMaximum()) {
            Pending pending = waiting.peek();
            if (pending.message != null) {
                CompletionStage<IngestResult> stage = sink.submit(pending.message);
                if (Stages.failedAtOnce(stage) instanceof OverloadedException) {
                    stats.overloadRetries.incrementAndGet();
                    armRetry();
                    break;
                }
                stage.whenComplete((ok, error) -> context.runOnContext(v -> completed(pending, error)));
            } else {
                pending.done = true;
            }
            waiting.poll();
            accepted.add(pending);
        }
        flushAcks();
        updateReading();
    }

    private void armRetry() {
        if (!retryArmed) {
            retryArmed = true;
            context.owner().setTimer(RETRY_MILLIS, id -> context.runOnContext(v -> {
                retryArmed = false;
                drain();
            }));
        }
    }

    private void completed(Pending pending, Throwable error) {
        Throwable cause = error == null ? null : Stages.unwrap(error);
        if (cause instanceof OverloadedException) {
            // A late refusal (the contract says at once): submit the same message again, in its place in `accepted`.
            stats.overloadRetries.incrementAndGet();
            context.owner().setTimer(RETRY_MILLIS, id -> context.runOnContext(v -> resubmit(pending)));
            return;
        }
        if (cause != null) {
            pending.failed = true;
            stats.storeFailed(clientId(), pending.topic, cause);
            closeNow(); // unacknowledged: the device sends it again when it reconnects
        }
        pending.done = true;
        drain();
    }

    private void resubmit(Pending pending) {
        CompletionStage<IngestResult> stage = sink.submit(pending.message);
        stage.whenComplete((ok, error) -> context.runOnContext(v -> completed(pending, error)));
    }

    private void flushAcks() {
        while (!accepted.isEmpty() && accepted.peek().done) {
            Pending pending = accepted.poll();
            stats.outstanding.decrementAndGet();
            if (!pending.failed && !closed) {
                acknowledge(pending);
            }
        }
    }

    private void acknowledge(Pending pending) {
        try {
            if (pending.qos == 1) {
                endpoint.publishAcknowledge(pending.messageId);
            } else if (pending.qos == 2) {
                endpoint.publishReceived(pending.messageId);
            }
        } catch (IllegalStateException | IllegalArgumentException e) { // vertx-mqtt: "MQTT endpoint is closed"
            // closed meanwhile; the device resends
        }
    }

    private void updateReading() {
        boolean shouldPause = intakeStopped || rate.over() || !waiting.isEmpty()
                || accepted.size() >= settings.receiveMaximum();
        if (shouldPause != paused && !closed) {
            paused = shouldPause;
            if (paused) {
                readPause.pause();
            } else {
                readPause.resume();
            }
        }
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        List<MqttQoS> granted = new ArrayList<>();
        for (MqttTopicSubscription subscription : subscribe.topicSubscriptions()) {
            if (!DeviceAccess.maySubscribe(deviceId, subscription.topicName())) {
                stats.denied(deviceId, "subscribe to", subscription.topicName());
                granted.add(MqttQoS.FAILURE);
                continue;
            }
            String tooBig = settings.limits().topicProblem(subscription.topicName());
            Map<String, Integer> held = subscriptions.subscriptionsOf(clientId());
            if (tooBig != null || (!held.containsKey(subscription.topicName())
                    && held.size() >= settings.limits().subscriptionsPerClient())) {
                stats.overLimit(clientId(), tooBig != null ? "a filter of " + tooBig
                        : "a subscription beyond " + settings.limits().subscriptionsPerClient());
                granted.add(MqttQoS.FAILURE);
                continue;
            }
            // Commands to devices will go out with at most QoS1, like everything the gateway acknowledges.
            int qos = Math.min(subscription.qualityOfService().value(), 1);
            subscriptions.subscribe(clientId(), subscription.topicName(), qos);
            granted.add(MqttQoS.valueOf(qos));
        }
        endpoint.subscribeAcknowledge(subscribe.messageId(), granted);
        onSubscribed.run();
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        for (String topic : unsubscribe.topics()) {
            subscriptions.unsubscribe(clientId(), topic);
        }
        endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
    }

    /** Malformed or oversize packets end here: the decoder cannot resynchronise, so the connection is closed. */
    private void onException(Throwable cause) {
        stats.protocolError(clientId(), cause);
        closeNow();
    }

    private void onClose() {
        if (closed) {
            return;
        }
        closed = true;
        onClosed.accept(this);
        awaitingPuback.values().forEach(p -> p.tryFail("the connection closed before the device acknowledged"));
        awaitingPuback.clear();
        MqttWill will = endpoint.will();
        if (!disconnectedCleanly && will != null && will.isWillFlag()) {
            // The gateway is the broker here, so it delivers a device's last will to itself (status: offline).
            String topic = will.getWillTopic();
            router.route(topic).ifPresent(r -> enqueue(new Pending(-1, 0, new InboundMessage(Transport.MQTT,
                    r.deviceId(), r.channel(), topic, will.getWillMessageBytes() == null ? new byte[0]
                    : will.getWillMessageBytes(), 0, System.currentTimeMillis()), topic)));
        }
        // Messages still waiting are submitted all the same (a QoS1 duplicate is better than a loss); no acks go out.
    }

    /**
     * Publishes a command to the device. On the connection's context.
     *
     * @return completes when written (QoS0) or when the device's PUBACK arrived (QoS1); fails when the connection is
     *     closed or closes first, or when {@link #MAX_AWAITING_PUBACK} commands already await a PUBACK
     */
    Future<Void> publish(String topic, byte[] payload, int qos) {
        if (closed || !endpoint.isConnected()) {
            return Future.failedFuture("the connection is closed");
        }
        if (qos > 0 && awaitingPuback.size() >= MAX_AWAITING_PUBACK) {
            return Future.failedFuture(MAX_AWAITING_PUBACK + " commands already await the device's PUBACK");
        }
        Future<Integer> written;
        try {
            written = endpoint.publish(topic, Buffer.buffer(payload), MqttQoS.valueOf(qos), false, false);
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // vertx-mqtt refuses synchronously, e.g. when its in-flight window is full
        }
        // The write completes on this event loop before the PUBACK can be read, so the promise is in place in time.
        return written.compose(packetId -> {
            if (qos == 0) {
                return Future.succeededFuture();
            }
            Promise<Void> acked = Promise.promise();
            awaitingPuback.put(packetId, acked);
            return acked.future();
        });
    }

    private void onPuback(int packetId) {
        Promise<Void> acked = awaitingPuback.remove(packetId);
        if (acked != null) {
            acked.tryComplete();
        }
    }

    /** Stops reading this connection for good (the driver is stopping). On the connection's context. */
    void stopIntake() {
        intakeStopped = true;
        updateReading();
    }

    /** On the connection's context. */
    void closeNow() {
        if (!closed) {
            try {
                endpoint.close();
            } catch (IllegalStateException | IllegalArgumentException e) { // vertx-mqtt: "MQTT endpoint is closed"
                // already closed
            }
        }
    }

    boolean cleanSession() {
        return endpoint.isCleanSession();
    }
}
