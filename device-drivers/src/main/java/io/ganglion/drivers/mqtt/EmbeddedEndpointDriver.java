package io.ganglion.drivers.mqtt;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.Driver;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.IngestSink;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as the devices' MQTT endpoint (vertx-mqtt server; MQTT 3.1.1 and 5), used when no external broker is
 * configured. Devices publish to {@code devices/{deviceId}/telemetry} and {@code devices/{deviceId}/status}.
 *
 * <p><b>Delivery.</b> QoS1 PUBLISHes are acknowledged only after the sink's stage completed normally, in arrival order.
 * QoS2 is accepted and treated as at-least-once: PUBREC is sent after the commit and PUBCOMP when the device releases
 * the message (a device that resends before PUBREC may cause a duplicate, which the store tolerates). QoS0 is never
 * dropped inside the gateway. When the store fails, the message is not acknowledged and the connection is closed so
 * that the device sends it again. PUBLISHes on other topics are acknowledged, counted ({@link #unroutedCount()}) and
 * logged at a throttled rate.
 *
 * <p><b>Back-pressure.</b> When the sink is overloaded, the connection stops reading its socket (see {@link ReadPause})
 * and submits the same message again after a short timer, keeping the order of that connection's messages. Reading also
 * pauses while {@link EndpointSettings#receiveMaximum()} messages of a connection await their commit (announced to MQTT
 * 5 devices in CONNACK). A pause longer than 1.5 keep-alive periods makes the connection time out; the device
 * reconnects and resends what was not acknowledged.
 *
 * <p><b>Commands.</b> {@link #send} publishes a command to every connected client subscribed to a filter matching its
 * topic, with the lower of the command's QoS and the granted one. It is delivered when it was written (QoS0) or when a
 * device's PUBACK arrived (QoS1); with no such client it is {@code NOT_CONNECTED} at once and nothing is kept here.
 * Every SUBSCRIBE fires the {@link #onReachable} listeners, so that waiting commands go out as soon as a device
 * listens.
 *
 * <p><b>Other.</b> SUBSCRIBE is granted with min(requested, 1) and kept in {@link #subscriptions()}; PINGREQ is answered; PUBLISHes larger than {@link EndpointSettings#maxMessageBytes()} close the connection
 * (MQTT 3.1.1 has no per-message refusal), and so does any packet a server never receives ({@link PacketGuard},
 * counted in {@link #protocolErrorCount}); a device's last will on its status topic is delivered to the sink when it
 * disconnects abnormally; a second connection with the same client id takes over the first.
 *
 * <p><b>Access.</b> {@link DeviceAccess}: open, or devices log in with their id and a password from a password file
 * and then act for themselves only (refused CONNECTs, PUBLISHes and SUBSCRIBEs counted in {@link #refusedConnections}
 * and {@link #deniedAccess}). Passwords are verified on a worker thread, never on the event loop.
 * Nothing here blocks the event loop.
 */
public final class EmbeddedEndpointDriver implements Driver, Downlink {
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEndpointDriver.class);
    private static final long STOP_POLL_MILLIS = 20;

    private final Vertx vertx;
    private final EndpointSettings settings;
    private final Duration stopTimeout;
    private final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
    private final EndpointStats stats = new EndpointStats();
    private final Map<String, EndpointConnection> connections = new ConcurrentHashMap<>();
    private final TopicRouter router;
    private final List<Runnable> reachableListeners = new CopyOnWriteArrayList<>();
    private final DeviceAccess access;
    /** Persistent sessions of clients that are not connected, oldest first: bounded by the sessions limit. */
    private final java.util.LinkedHashSet<String> retainedSessions = new java.util.LinkedHashSet<>();
    private volatile MqttServer server;
    private volatile IngestSink sink;
    private volatile boolean stopping;
    private CompletableFuture<Void> stopped;

    public EmbeddedEndpointDriver(Vertx vertx, EndpointSettings settings) {
        this(vertx, settings, DEFAULT_STOP_TIMEOUT);
    }

    /** @param stopTimeout how long {@link #stop} waits for received messages to be committed and acknowledged */
    public EmbeddedEndpointDriver(Vertx vertx, EndpointSettings settings, Duration stopTimeout) {
        this(vertx, settings, stopTimeout, new TopicRouter());
    }

    /** @param router which topics are device topics; the gateway replaces its templates when profiles reload */
    public EmbeddedEndpointDriver(Vertx vertx, EndpointSettings settings, Duration stopTimeout, TopicRouter router) {
        this(vertx, settings, stopTimeout, router, DeviceAccess.OPEN);
    }

    /** @param access who may connect and what each connection may publish and subscribe to */
    public EmbeddedEndpointDriver(Vertx vertx, EndpointSettings settings, Duration stopTimeout, TopicRouter router,
                                  DeviceAccess access) {
        this.access = Objects.requireNonNull(access, "access");
        this.router = Objects.requireNonNull(router, "router");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    @Override
    public String name() {
        MqttServer s = server;
        int port = s == null ? settings.port() : s.actualPort();
        return "mqtt-endpoint " + settings.host() + ":" + port;
    }

    @Override
    public synchronized CompletionStage<Void> start(IngestSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (server != null) {
            throw new IllegalStateException(name() + " was already started");
        }
        this.sink = sink;
        MqttServerOptions options = new MqttServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setMaxMessageSize(settings.maxMessageBytes());
        EndpointTls tls = settings.tls();
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate().toString())
                    .setKeyPath(tls.key().toString()));
            if (tls.clientCa() != null) {
                options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa().toString()))
                        .setClientAuth(ClientAuth.REQUIRED);
            }
        }
        MqttServer s = MqttServer.create(vertx, options);
        s.endpointHandler(this::onConnect);
        s.exceptionHandler(e -> stats.protocolError("(connecting)", e));
        if (!GuardInstaller.install(s, () -> new PacketGuard(stats))) {
            LOG.warn("This vertx-mqtt version cannot be guarded; a peer's protocol violations may escape uncounted");
        }
        server = s;
        if (!ReadPause.supported()) {
            LOG.warn("This vertx-mqtt version cannot pause a connection; overload falls back to bounded queues");
        }
        return s.listen().<Void>map(ok -> {
            LOG.info("MQTT endpoint listening on {}:{} (MQTT 3.1.1 and 5{}, messages up to {} bytes)",
                    settings.host(), s.actualPort(), tls == null ? "" : tls.clientCa() == null ? " over TLS"
                            : " over TLS with client certificates", settings.maxMessageBytes());
            return null;
        }).toCompletionStage();
    }

    private void onConnect(MqttEndpoint endpoint) {
        if (stopping) {
            endpoint.reject(endpoint.protocolVersion() == 5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        Context context = Vertx.currentContext();
        String username = endpoint.auth() == null ? null : endpoint.auth().getUsername();
        String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        byte[] secret = password == null ? null : password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DeviceAccess.Admission early = access.precheck(endpoint.clientIdentifier(), username, secret,
                settings.tls() == null || settings.tls().clientCa() == null ? null
                        : EndpointTls.verifiedDevice(endpoint.sslSession()));
        if (early != null) {
            admitted(endpoint, context, early);
            return;
        }
        // PBKDF2 is CPU work: verified on a worker, the answer back on the connection's context. Meanwhile the
        // connection is not read: vertx-mqtt would take a packet sent right after CONNECT for one before it.
        ReadPause pause = ReadPause.of(endpoint);
        pause.pause();
        context.<DeviceAccess.Admission>executeBlocking(() -> access.admit(endpoint.clientIdentifier(), username,
                        secret), false)
                .onComplete(ar -> {
                    admitted(endpoint, context, ar.succeeded() ? ar.result()
                            : new DeviceAccess.Admission(null, DeviceAccess.Refusal.NOT_AUTHORIZED));
                    pause.resume();
                });
    }

    private void admitted(MqttEndpoint endpoint, Context context, DeviceAccess.Admission admission) {
        if (!admission.admitted()) {
            stats.refused(endpoint.clientIdentifier(), endpoint.remoteAddress() == null ? "?"
                    : endpoint.remoteAddress().toString(), admission.refusal());
            endpoint.reject(admission.refusal().connectReturnCode(endpoint.protocolVersion() == 5));
            return;
        }
        if (stopping || (connections.size() >= settings.limits().connections()
                && !connections.containsKey(endpoint.clientIdentifier()))) {
            if (!stopping) {
                stats.overLimit(endpoint.clientIdentifier(), "a connection beyond " + settings.limits().connections());
            }
            endpoint.reject(endpoint.protocolVersion() == 5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        synchronized (retainedSessions) {
            retainedSessions.remove(endpoint.clientIdentifier());
        }
        EndpointConnection connection = new EndpointConnection(endpoint, context, sink, router, settings,
                subscriptions, stats, this::onClosed, this::subscribed, admission.deviceId());
        EndpointConnection previous = connections.put(connection.clientId(), connection);
        if (previous != null) {
            // MQTT: a new connection with the same client id replaces the old one.
            previous.context().runOnContext(v -> previous.closeNow());
        }
        try {
            connection.accept();
        } catch (RuntimeException e) {
            // Registered already: without this it would stay counted as open if its close handler never comes.
            stats.protocolError(connection.clientId(), e);
            connection.closeNow();
            onClosed(connection);
        }
    }

    /** Connections refused at CONNECT (bad identifiers or credentials) since start. */
    public long refusedConnections() {
        return stats.refusedConnections.get();
    }

    /** PUBLISHes and subscriptions refused by the access rules (another device's topics) since start. */
    public long deniedAccess() {
        return stats.denied.get();
    }

    /** Whether devices must log in with a password. */
    public boolean authenticates() {
        return access.authenticates();
    }

    private void onClosed(EndpointConnection connection) {
        if (!connections.remove(connection.clientId(), connection)) {
            return; // replaced by a newer connection of the same client
        }
        if (connection.cleanSession()) {
            subscriptions.removeClient(connection.clientId());
            return;
        }
        synchronized (retainedSessions) {
            retainedSessions.add(connection.clientId());
            while (retainedSessions.size() > settings.limits().sessions()) {
                String oldest = retainedSessions.iterator().next();
                retainedSessions.remove(oldest);
                if (!connections.containsKey(oldest)) {
                    subscriptions.removeClient(oldest);
                    stats.overLimit(oldest, "a persistent session beyond " + settings.limits().sessions());
                }
            }
        }
    }

    /** Things refused for being beyond {@link EndpointLimits} since start (connections, topics, subscriptions, sessions). */
    public long limitRefusals() {
        return stats.limitRefusals.get();
    }

    /** Times a connection went over {@code limits.messagesPerSecond} and was not read for a while. */
    public long rateLimitedCount() {
        return stats.rateLimited.get();
    }

    private void subscribed() {
        for (Runnable listener : reachableListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: a reachable-listener failed", name(), e);
            }
        }
    }

    @Override
    public void onReachable(Runnable listener) {
        reachableListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public CompletionStage<DeliveryResult> send(OutboundCommand command) {
        Map<String, Integer> clients = subscriptions.clientsMatching(command.address());
        List<Future<String>> sends = new ArrayList<>();
        clients.forEach((clientId, grantedQos) -> {
            EndpointConnection connection = connections.get(clientId);
            if (connection != null) {
                int qos = Math.min(command.qos(), grantedQos);
                Promise<String> sent = Promise.promise();
                connection.context().runOnContext(v -> connection.publish(command.address(), command.payload(), qos)
                        .map(ok -> clientId).onComplete(sent));
                sends.add(sent.future());
            }
        });
        if (sends.isEmpty()) {
            return CompletableFuture.completedFuture(DeliveryResult.notConnected("no connected client is subscribed to "
                    + command.address()));
        }
        return Future.any(sends).map(any -> {
            List<String> to = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                if (any.succeeded(i)) {
                    to.add(any.resultAt(i));
                }
            }
            return DeliveryResult.delivered("to " + String.join(", ", to));
        }).otherwise(e -> DeliveryResult.failed(e.getMessage())).toCompletionStage();
    }

    /** The bound port, useful with port 0; -1 before start. */
    public int actualPort() {
        MqttServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    /** Who subscribed to what. */
    public SubscriptionRegistry subscriptions() {
        return subscriptions;
    }

    /** Connected devices. */
    public int connectionCount() {
        return connections.size();
    }

    /** PUBLISHes on topics that are not device topics: acknowledged and ignored. */
    public long unroutedCount() {
        return stats.unrouted.get();
    }

    /** Times a submit was refused because the pipeline was full (the message was kept and submitted again). */
    public long overloadRetryCount() {
        return stats.overloadRetries.get();
    }

    /** Messages left unacknowledged because the store failed (their connections were closed). */
    public long storeFailureCount() {
        return stats.storeFailures.get();
    }

    /** Connections closed for a malformed or oversize packet. */
    public long protocolErrorCount() {
        return stats.protocolErrors.get();
    }

    /** Received PUBLISHes not yet committed and acknowledged. */
    public int inFlight() {
        return stats.outstanding.get();
    }

    @Override
    public synchronized CompletionStage<Void> stop() {
        if (stopped != null) {
            return stopped.copy();
        }
        stopped = new CompletableFuture<>();
        stopping = true;
        MqttServer s = server;
        if (s == null) {
            stopped.complete(null);
            return stopped.copy();
        }
        connections.values().forEach(c -> c.context().runOnContext(v -> c.stopIntake()));
        drained(System.nanoTime() + stopTimeout.toNanos())
                .eventually(() -> {
                    connections.values().forEach(c -> c.context().runOnContext(v -> c.closeNow()));
                    return s.close();
                })
                .onComplete(ar -> {
                    LOG.info("{}: stopped", name());
                    stopped.complete(null);
                });
        return stopped.copy();
    }

    /**
     * Completes when every received message is finished, or at the deadline. Polls with one-shot timers, never
     * blocks: a periodic timer cancelled from its own first run could race Vert.x setting it up and never stop.
     */
    private Future<Void> drained(long deadline) {
        Promise<Void> done = Promise.promise();
        pollDrained(deadline, done);
        return done.future();
    }

    private void pollDrained(long deadline, Promise<Void> done) {
        int left = stats.outstanding.get();
        if (left == 0 || System.nanoTime() - deadline > 0) {
            if (left > 0) {
                LOG.warn("{}: stopping with {} messages not committed; devices resend the QoS1 ones", name(), left);
            }
            done.tryComplete();
            return;
        }
        vertx.setTimer(STOP_POLL_MILLIS, id -> pollDrained(deadline, done));
    }
}
