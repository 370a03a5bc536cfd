package io.ganglion.sim.net;

import io.ganglion.profiles.model.MqttTransport;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.run.Recorder;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual MQTT device: its own client (client id = device id), its own Vert.x context (every field below the
 * queue counter is touched only there), a bounded queue and a window of unacknowledged QoS 1 messages.
 *
 * <p>A new {@link MqttClient} is made for each connection, so nothing of a dropped connection (its packet ids, its
 * in-flight count) leaks into the next. QoS 1 messages in flight when a connection ends are reported failed: sent,
 * never acknowledged, which the ledger's rule allows for (the gateway may or may not have them). They are not sent
 * again after a reconnect, even with a persistent session: a second copy would be a duplicate the ledger does not
 * expect.
 */
final class MqttDevice {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDevice.class);
    private static final long RETRY_MILLIS = 1000;
    private static final AtomicInteger LOGGED_FAILURES = new AtomicInteger();

    private final DeviceInfo info;
    private final Vertx vertx;
    private final Context context;
    private final MqttSettings settings;
    private final ConnectPacer pacer;
    private final Recorder recorder;
    private final Runnable settled;
    private final String telemetryTopic;
    private final String statusTopic;
    private final String framesTopic;
    /** Messages handed over and not yet published or dropped: the bound of the queue, counted on the caller's side. */
    final AtomicInteger queued = new AtomicInteger();

    private final ArrayDeque<Message> waiting = new ArrayDeque<>();
    private final Map<Integer, Message> inflight = new HashMap<>();
    private final Set<Integer> earlyAcks = new HashSet<>();
    private MqttClient client;
    private boolean up;
    private boolean wanted;
    private boolean closing;
    private int window;
    private int generation;
    private int attempts;

    MqttDevice(DeviceInfo info, Vertx vertx, MqttSettings settings, ConnectPacer pacer, Recorder recorder,
               Runnable settled) {
        this.info = info;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.pacer = pacer;
        this.recorder = recorder;
        this.settled = settled;
        MqttTransport topics = info.profile().transports() != null && info.profile().transports().mqtt() != null
                ? info.profile().transports().mqtt() : MqttTransport.defaults();
        Map<String, String> values = Map.of("deviceId", info.id());
        try {
            this.telemetryTopic = topics.telemetry().render(values);
            this.statusTopic = topics.status().render(values);
            this.framesTopic = topics.frames().render(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + info.id() + " (profile " + info.profile().id()
                    + "): its MQTT topics need more than {deviceId}: " + e.getMessage(), e);
        }
    }

    DeviceInfo info() {
        return info;
    }

    String topicOf(Message message) {
        return switch (message.channel()) {
            case TELEMETRY -> telemetryTopic;
            case STATUS -> statusTopic;
            case FRAMES -> framesTopic;
        };
    }

    void run(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    // ---- connections (on the context)

    void connect() {
        wanted = true;
        closing = false;
        attempts = 0;
        int attempt = ++generation;
        pacer.acquire(() -> run(() -> attempt(attempt)));
    }

    private void attempt(int attempt) {
        if (attempt != generation || !wanted) {
            pacer.release();
            return;
        }
        attempts++;
        MqttClient next = MqttClient.create(vertx, options());
        client = next;
        next.publishCompletionHandler(id -> acknowledgedPacket(next, id));
        next.closeHandler(v -> closed(next));
        boolean[] done = new boolean[1];
        long timer = vertx.setTimer(settings.connectTimeout().toMillis(), t -> {
            if (!done[0]) {
                done[0] = true;
                AbruptClose.close(next);
                pacer.release();
                failedAttempt(attempt, "no CONNACK within " + settings.connectTimeout().toMillis() + " ms");
            }
        });
        next.connect(settings.port(), settings.host()).onComplete(ar -> {
            if (done[0]) {
                if (ar.succeeded()) {
                    AbruptClose.close(next);
                }
                return;
            }
            done[0] = true;
            vertx.cancelTimer(timer);
            pacer.release();
            boolean accepted = ar.succeeded() && ar.result().code() == MqttConnectReturnCode.CONNECTION_ACCEPTED;
            if (attempt != generation) {
                if (ar.succeeded()) {
                    AbruptClose.close(next); // dropped while connecting
                }
                return;
            }
            if (accepted) {
                up = true;
                attempts = 0;
                recorder.connected();
                answerCommands(next);
                if (ar.result().isSessionPresent()) {
                    recorder.sessionResumed();
                }
                pump();
            } else {
                failedAttempt(attempt, ar.succeeded() ? "refused: " + ar.result().code() : reason(ar.cause()));
            }
        });
    }

    /**
     * Like a real device, takes the commands the gateway sends it ({@code devices/{id}/commands/{name}}) and confirms
     * each with {@code {"status": "ok"}} on {@code .../ack} (docs/commands.md). The answer goes at QoS 0: its PUBACK
     * would share the packet ids of the telemetry window.
     */
    private void answerCommands(MqttClient connected) {
        String prefix = "devices/" + info.id() + "/commands/";
        connected.publishHandler(command -> {
            String topic = command.topicName();
            if (topic.startsWith(prefix) && topic.indexOf('/', prefix.length()) < 0) {
                connected.publish(topic + "/ack", io.vertx.core.buffer.Buffer.buffer("{\"status\": \"ok\"}"),
                        io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE, false, false);
                recorder.commandAnswered();
            }
        });
        connected.subscribe(prefix + "+", 1);
    }

    /**
     * The exception and its cause: a failed TLS handshake says only "Failed to create SSL connection", and the
     * engineer needs the why its cause gives ("PKIX path validation failed", "No subject alternative names matching
     * ..."); the root cause is too deep ("Signature does not match.").
     */
    private static String reason(Throwable failure) {
        Throwable cause = failure.getCause();
        return cause == null || cause == failure ? String.valueOf(failure)
                : failure + " (" + cause.getMessage() + ")";
    }

    private void failedAttempt(int attempt, String why) {
        recorder.connectFailed();
        if (LOGGED_FAILURES.getAndIncrement() < 10) {
            LOG.warn("{}: connecting to {}:{} failed (attempt {} of {}): {}", info.id(), settings.host(),
                    settings.port(), attempts, settings.connectAttempts(), why);
        }
        client = null;
        if (attempt != generation || !wanted) {
            return;
        }
        if (attempts >= settings.connectAttempts()) {
            LOG.warn("{}: gave up connecting after {} attempts; its messages queue and are dropped", info.id(),
                    attempts);
            return;
        }
        vertx.setTimer(RETRY_MILLIS, t -> {
            if (attempt == generation && wanted) {
                pacer.acquire(() -> run(() -> attempt(attempt)));
            }
        });
    }

    private MqttClientOptions options() {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(info.id())
                .setCleanSession(!info.mqtt().persistentSession())
                .setKeepAliveInterval((int) settings.keepAlive().getSeconds())
                .setMaxInflightQueue(settings.maxInflight())
                .setMaxMessageSize(-1);
        options.setConnectTimeout((int) settings.connectTimeout().toMillis());
        options.setTcpNoDelay(true);
        MqttLogins.Login login = settings.logins().of(info.id());
        if (login != null) {
            options.setUsername(login.username());
            if (login.password() != null) {
                options.setPassword(login.password());
            }
        }
        if (settings.tls() != null) {
            settings.tls().applyTo(options, info.id());
        }
        if (info.mqtt().lastWill()) {
            options.setWillFlag(true)
                    .setWillTopic(statusTopic)
                    .setWillMessageBytes(Buffer.buffer(info.lastWillPayload()))
                    .setWillQoS(1)
                    .setWillRetain(false);
        }
        return options;
    }

    /** DROP: the connection ends without DISCONNECT, so the broker publishes the last will. */
    void drop() {
        wanted = false;
        generation++;
        recorder.droppedConnection();
        MqttClient current = client;
        client = null;
        if (up) {
            up = false;
            recorder.disconnected();
        }
        failInflight();
        if (current != null && !AbruptClose.close(current)) {
            LOG.warn("{}: cannot close the connection abruptly on this Vert.x; disconnecting (no last will)",
                    info.id());
            current.disconnect();
        }
    }

    private void closed(MqttClient which) {
        if (which != client) {
            return; // an old connection, already accounted for
        }
        client = null;
        if (up) {
            up = false;
            recorder.disconnected();
        }
        failInflight();
        if (wanted && !closing) {
            recorder.closedUnexpectedly();
            int attempt = ++generation;
            attempts = 0;
            vertx.setTimer(RETRY_MILLIS, t -> {
                if (attempt == generation && wanted) {
                    pacer.acquire(() -> run(() -> attempt(attempt)));
                }
            });
        }
    }

    /** End of the run: DISCONNECT (no last will); whatever still waits is dropped, whatever is in flight failed. */
    Future<Void> closeCleanly() {
        wanted = false;
        closing = true;
        generation++;
        MqttClient current = client;
        client = null;
        if (up) {
            up = false;
            recorder.disconnected();
        }
        failInflight();
        for (Message message = waiting.poll(); message != null; message = waiting.poll()) {
            queued.decrementAndGet();
            recorder.dropped(message);
            settled.run();
        }
        return current == null ? Future.succeededFuture()
                : current.disconnect().recover(e -> Future.succeededFuture());
    }

    private void failInflight() {
        for (Message message : inflight.values()) {
            recorder.failed(message);
            settled.run();
        }
        inflight.clear();
        earlyAcks.clear();
        window = 0;
    }

    // ---- messages (on the context)

    void enqueue(Message message) {
        if (up && waiting.isEmpty() && (message.qos() == 0 || window < settings.maxInflight())) {
            publish(message);
            return;
        }
        waiting.addLast(message);
        recorder.delayed(message);
        pump();
    }

    private void pump() {
        while (up && !waiting.isEmpty()) {
            Message next = waiting.peekFirst();
            if (next.qos() > 0 && window >= settings.maxInflight()) {
                return;
            }
            waiting.pollFirst();
            publish(next);
        }
    }

    private void publish(Message message) {
        queued.decrementAndGet();
        int qos = message.qos();
        int connection = generation;
        if (qos > 0) {
            window++;
        }
        client.publish(topicOf(message), Buffer.buffer(message.payload()), MqttQoS.valueOf(qos), false, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        // Not written: never sent, so not in the ledger.
                        if (qos > 0 && connection == generation) {
                            window--;
                        }
                        recorder.dropped(message);
                        settled.run();
                        pump();
                        return;
                    }
                    recorder.sent(message);
                    if (qos == 0) {
                        recorder.acknowledged(message);
                        settled.run();
                    } else if (connection != generation) {
                        recorder.failed(message); // its connection is gone: no PUBACK will come
                        settled.run();
                    } else if (earlyAcks.remove(ar.result())) {
                        acknowledged(message);
                    } else {
                        inflight.put(ar.result(), message);
                    }
                });
    }

    private void acknowledgedPacket(MqttClient which, int packetId) {
        if (which != client) {
            return;
        }
        Message message = inflight.remove(packetId);
        if (message == null) {
            earlyAcks.add(packetId); // the PUBACK overtook the write's completion
            return;
        }
        acknowledged(message);
    }

    private void acknowledged(Message message) {
        window--;
        recorder.acknowledged(message);
        settled.run();
        pump();
    }
}
