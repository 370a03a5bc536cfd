package io.ganglion.drivers.mqtt;

import io.ganglion.profiles.LogThrottle;
import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.Driver;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.IngestSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the device topics on an external MQTT broker (Eclipse Paho, MQTT 3.1.1) and feeds the sink.
 *
 * <p><b>Delivery.</b> A persistent session ({@code cleanSession=false}) under {@link BrokerSettings#clientId()} with
 * manual acknowledgements: a QoS1 message is acknowledged only after the sink's stage completed normally, so the broker
 * keeps and redelivers whatever the gateway had not committed when it crashed or lost the connection. Delivery is
 * therefore at-least-once. When the store fails, the message is not acknowledged and the driver reconnects (after a
 * back-off) so that the broker delivers it again. At most {@link BrokerSettings#maxInflight()} messages are submitted
 * but unacknowledged; at that limit, and while the sink is overloaded, Paho's callback thread is held, Paho stops
 * reading the socket and the broker stops sending.
 *
 * <p><b>Connection.</b> Paho's automatic reconnect is off; the driver reconnects itself on its own scheduler thread
 * with exponential back-off and full jitter ({@link BrokerSettings#initialBackoff()} to
 * {@link BrokerSettings#maxBackoff()}, reset after a successful connect), and subscribes again after every connect,
 * because a broker restarted without persistence has forgotten the session.
 *
 * <p><b>Start.</b> {@link #start} completes when the first connect and subscribe succeed. It fails only when the broker
 * refuses the connection for a reason that retrying cannot fix (bad user name or password, not authorised, client id
 * rejected, protocol version refused): that is a configuration error the engineer must see at once. If the broker is
 * merely unreachable (down, still booting, network not up yet), start completes after the first failed attempt with a
 * warning, {@link #connected()} stays false, and the driver keeps retrying in the background: the rest of the gateway
 * (local store, rules, dashboard, other drivers) must come up regardless of the boot order on site.
 *
 * <p><b>Commands.</b> {@link #send} publishes through the same client. A QoS1 command counts as delivered when the
 * <em>broker</em> acknowledged it (PUBACK), not the device: the broker then delivers it to the device when the device
 * is subscribed (or, for a persistent device session, when it comes back). This differs from the embedded endpoint,
 * where "delivered" means the device itself acknowledged. While disconnected, {@code send} answers
 * {@code NOT_CONNECTED}; every successful (re)connect fires the {@link #onReachable} listeners.
 *
 * <p><b>Stop.</b> Intake stops (new messages stay unacknowledged for the next session), in-flight messages get up to the
 * stop timeout to be committed and acknowledged, then the client disconnects. The driver does not unsubscribe: the
 * persistent session must keep collecting messages for the gateway while it is down.
 */
public final class BrokerSubscriberDriver implements Driver, Downlink {
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSubscriberDriver.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final long OPERATION_TIMEOUT_MILLIS = 10_000;
    /** Commands published and not yet acknowledged by the broker; Paho refuses more ("too many publishes"). */
    static final int MAX_COMMANDS_IN_FLIGHT = 100;

    private final BrokerSettings settings;
    private final Duration stopTimeout;
    private final ReconnectBackoff backoff;
    private final TopicRouter router;
    private final List<Runnable> reachableListeners = new CopyOnWriteArrayList<>();
    private final BrokerSubscriptions subscriptions;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean redeliveryPending = new AtomicBoolean();
    private final AtomicLong reconnects = new AtomicLong();
    private final LogThrottle connectLog = new LogThrottle(Duration.ofMinutes(1));
    private volatile boolean connected;
    /** Counts connections; an acknowledgement goes out only on the connection that delivered the message. */
    private volatile int generation;
    private volatile BrokerIntake intake;
    private volatile MqttAsyncClient client;
    // Only touched on the scheduler thread.
    private int attempt;
    private volatile int storeFailureStreak;

    public BrokerSubscriberDriver(BrokerSettings settings) {
        this(settings, DEFAULT_STOP_TIMEOUT);
    }

    /** @param stopTimeout how long {@link #stop} waits for in-flight messages to be committed and acknowledged */
    public BrokerSubscriberDriver(BrokerSettings settings, Duration stopTimeout) {
        this(settings, stopTimeout, new TopicRouter());
    }

    /**
     * @param router which topics are device topics; when its templates are replaced (profiles reloaded) the driver
     *               subscribes to the new filters and unsubscribes from those no longer needed
     */
    public BrokerSubscriberDriver(BrokerSettings settings, Duration stopTimeout, TopicRouter router) {
        this.router = Objects.requireNonNull(router, "router");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
        this.backoff = new ReconnectBackoff(settings.initialBackoff(), settings.maxBackoff());
        this.subscriptions = new BrokerSubscriptions(router, settings.qos(), OPERATION_TIMEOUT_MILLIS);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganglion-mqtt-broker-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    /** The filters the current session is subscribed to (empty before the first connect). */
    public List<String> subscriptions() {
        return subscriptions.current();
    }

    @Override
    public String name() {
        return "mqtt-broker " + settings.url();
    }

    @Override
    public synchronized CompletionStage<Void> start(IngestSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (intake != null) {
            throw new IllegalStateException(name() + " was already started");
        }
        intake = new BrokerIntake(sink, router, settings.maxInflight(), () -> generation, this::ack, this::connectionLost,
                this::storeFailed, scheduler);
        try {
            client = newClient();
        } catch (MqttException e) {
            started.completeExceptionally(new IllegalStateException("Cannot create the MQTT client for " + settings, e));
            return started;
        }
        router.onFiltersChanged(filters -> scheduler.execute(this::resubscribe));
        scheduler.execute(this::connect);
        return started.copy();
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(intake);
        return c;
    }

    private MqttConnectOptions connectOptions() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setMaxInflight(MAX_COMMANDS_IN_FLIGHT);
        if (settings.url().startsWith("tcp://")) {
            options.setSocketFactory(new BufferedSocketFactory()); // ssl:// keeps Paho's TLS socket factory
        }
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().toCharArray());
        }
        return options;
    }

    /** On the scheduler thread: one connect-and-subscribe attempt; schedules the next one if it fails. */
    private void connect() {
        if (stopping.get()) {
            return;
        }
        // A new generation before connecting: messages of the new session may arrive before connect() returns.
        generation++;
        try {
            client.connect(connectOptions()).waitForCompletion(OPERATION_TIMEOUT_MILLIS + CONNECT_TIMEOUT_SECONDS * 1000L);
            subscriptions.subscribeAll(client);
        } catch (MqttException e) {
            connectFailed(e);
            return;
        } catch (RuntimeException e) {
            connectFailed(new MqttException(e)); // keep the reconnect loop alive whatever happened
            return;
        }
        connected = true;
        attempt = 0;
        reachableListeners.forEach(BrokerSubscriberDriver::runQuietly);
        if (started.complete(null)) {
            LOG.info("{}: connected as '{}', subscribed to {} with QoS {}", name(), settings.clientId(),
                    subscriptions.current(), settings.qos());
        } else {
            reconnects.incrementAndGet();
            LOG.info("{}: reconnected and subscribed again", name());
        }
    }

    /**
     * On the scheduler thread, after the topic templates changed. While disconnected nothing is sent: the next connect
     * subscribes to the current filters.
     */
    private void resubscribe() {
        if (!connected || stopping.get()) {
            return;
        }
        try {
            List<List<String>> changed = subscriptions.follow(client);
            LOG.info("{}: topic templates changed: subscribed to {}, unsubscribed from {}", name(), changed.get(0),
                    changed.get(1));
        } catch (MqttException e) {
            // The connection is in trouble; reconnecting subscribes to the current filters from scratch.
            LOG.warn("{}: could not change subscriptions ({}); reconnecting", name(), e.toString());
            connected = false;
            generation++; // acknowledgements still pending belong to the session being dropped
            disconnectQuietly();
            scheduleReconnect(attempt++);
        }
    }

    private void connectFailed(MqttException e) {
        connected = false;
        disconnectQuietly();
        if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
                || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
            replaceClient(); // a connect that timed out may still be pending inside Paho and block the next one
        }
        if (!started.isDone() && isRefusal(e)) {
            started.completeExceptionally(new IllegalStateException(name() + " refused the connection as '"
                    + settings.clientId() + "': " + e.getMessage() + " (reason code " + e.getReasonCode()
                    + "); check mqtt.broker username, password and clientId", e));
            stop();
            return;
        }
        if (started.complete(null)) {
            LOG.warn("{}: cannot connect ({}); starting anyway and retrying in the background", name(), e.toString());
        } else if (connectLog.admit() >= 0) {
            LOG.warn("{}: connect failed ({}); retrying", name(), e.toString());
        }
        scheduleReconnect(attempt++);
    }

    private void replaceClient() {
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: closing the stuck client failed", name(), e);
        }
        try {
            client = newClient();
        } catch (MqttException e) {
            LOG.error("{}: cannot create a new MQTT client", name(), e); // the next attempt tries again
        }
    }

    private static boolean isRefusal(MqttException e) {
        switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
                return true;
            default:
                return false;
        }
    }

    private void scheduleReconnect(int backoffAttempt) {
        if (!stopping.get()) {
            try {
                scheduler.schedule(this::connect, backoff.delay(backoffAttempt).toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** From other threads (Paho's, the sink's): work on the scheduler, ignored once the driver stops. */
    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** On Paho's thread: never reconnect here, hand it to the scheduler. */
    private void connectionLost(Throwable cause) {
        connected = false;
        if (stopping.get()) {
            return;
        }
        if (connectLog.admit() >= 0) {
            LOG.warn("{}: connection lost ({}); reconnecting", name(), String.valueOf(cause));
        }
        onScheduler(() -> scheduleReconnect(attempt++));
    }

    /**
     * A message was not committed: it stays unacknowledged and only a new session makes the broker send it again. The
     * reconnect waits a back-off that grows while the store keeps failing, so a broken store does not cause a storm.
     */
    private void storeFailed(Throwable cause) {
        if (stopping.get() || !redeliveryPending.compareAndSet(false, true)) {
            return;
        }
        onScheduler(() -> {
            redeliveryPending.set(false);
            if (!connected || stopping.get()) {
                return;
            }
            connected = false;
            generation++; // acknowledgements still pending belong to the session being dropped
            disconnectQuietly();
            scheduleReconnect(storeFailureStreak++);
        });
    }

    private void ack(int messageGeneration, int messageId, int qos) throws MqttException {
        if (qos > 0 && messageGeneration == generation) {
            client.messageArrivedComplete(messageId, qos);
            if (storeFailureStreak > 0) {
                onScheduler(() -> storeFailureStreak = 0);
            }
        }
    }

    private void disconnectQuietly() {
        MqttAsyncClient c = client;
        try {
            if (c.isConnected()) {
                c.disconnect(0).waitForCompletion(OPERATION_TIMEOUT_MILLIS);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                c.disconnectForcibly(0, 1000);
            } catch (MqttException | RuntimeException ignored) {
                // already down
            }
        }
    }

    @Override
    public CompletionStage<Void> stop() {
        if (stopping.compareAndSet(false, true)) {
            Thread t = new Thread(this::stopNow, "ganglion-mqtt-broker-stop");
            t.setDaemon(true);
            t.start();
        }
        return stopped.copy();
    }

    private void stopNow() {
        try {
            BrokerIntake in = intake;
            if (in != null) {
                in.close();
                long deadline = System.nanoTime() + stopTimeout.toNanos();
                while (in.inFlight() > 0 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }
                if (in.inFlight() > 0) {
                    LOG.warn("{}: stopping with {} messages not yet committed; the broker will deliver them again",
                            name(), in.inFlight());
                }
            }
            scheduler.shutdownNow();
            scheduler.awaitTermination(OPERATION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            connected = false;
            if (client != null) {
                disconnectQuietly();
                client.close(true);
            }
            started.completeExceptionally(new IllegalStateException(name() + " was stopped before it connected"));
            LOG.info("{}: stopped", name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: error while closing", name(), e);
        } finally {
            stopped.complete(null);
        }
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("a reachable-listener failed", e);
        }
    }

    @Override
    public void onReachable(Runnable listener) {
        reachableListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public CompletionStage<DeliveryResult> send(OutboundCommand command) {
        MqttAsyncClient c = client;
        if (!connected || c == null || stopping.get()) {
            return CompletableFuture.completedFuture(DeliveryResult.notConnected(name() + " is not connected"));
        }
        CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
        try {
            c.publish(command.address(), command.payload(), command.qos(), false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    result.complete(DeliveryResult.delivered("handed to the broker " + settings.url()));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    result.complete(DeliveryResult.failed("the broker did not take it: " + e));
                }
            });
        } catch (MqttException | RuntimeException e) {
            result.complete(DeliveryResult.failed("cannot publish: " + e));
        }
        return result;
    }

    /** True while connected and subscribed. */
    public boolean connected() {
        return connected;
    }

    /** Successful reconnections after a lost connection (not counting the first connect). */
    public long reconnectCount() {
        return reconnects.get();
    }

    /** Messages handed to the sink and not yet acknowledged to the broker. */
    public int inFlight() {
        BrokerIntake in = intake;
        return in == null ? 0 : in.inFlight();
    }

    /** Messages on topics that are not device topics: acknowledged and ignored. */
    public long unroutedCount() {
        BrokerIntake in = intake;
        return in == null ? 0 : in.unroutedCount();
    }

    /** Messages left unacknowledged because the store failed (each comes again). */
    public long storeFailureCount() {
        BrokerIntake in = intake;
        return in == null ? 0 : in.storeFailureCount();
    }

    /** Times a submit was refused because the pipeline was full (the message was kept and submitted again). */
    public long overloadWaitCount() {
        BrokerIntake in = intake;
        return in == null ? 0 : in.overloadWaitCount();
    }
}
