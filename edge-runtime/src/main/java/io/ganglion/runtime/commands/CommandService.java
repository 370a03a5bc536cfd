package io.ganglion.runtime.commands;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.profiles.RejectReason;
import io.ganglion.runtime.commands.CommandRejectedException.Kind;
import io.ganglion.runtime.config.CommandsConfig;
import io.ganglion.runtime.ingest.DeviceRegistry;
import io.ganglion.runtime.profiles.DeviceProfiles;
import io.ganglion.runtime.store.CommandRecord;
import io.ganglion.runtime.store.CommandRecord.Status;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoreWrite;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands for devices, stores them, sends them through the {@link Downlink} and follows each one: pending,
 * delivered, then acknowledged or failed when the device answers (see {@link CommandAck}), or expired when its time
 * to live passes before delivery.
 *
 * <p>A command for a device that cannot be reached waits: in memory (bounded, see {@link WaitingCommands}) and in the
 * store, so it survives a restart. Waiting commands are sent again as soon as the downlink says a device may be
 * reachable, and every {@code commands.retryInterval} anyway.
 *
 * <p>Threads: {@link #submit} blocks on the store's commit and runs on the API's workers; everything else (sending,
 * results, expiry, acknowledgements) runs on the service's own thread, so state changes of one command never race.
 * Status changes after the first are written through the store's queue without waiting for the commit.
 */
public final class CommandService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A send whose outcome has not come back by then is given up and tried again later: a broker connection that
     * died with the command in flight must not hold it for ever. At-least-once: the device may get it twice.
     */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final CommandsConfig config;
    private final LocalStore store;
    private final DeviceRegistry devices;
    private final DeviceProfiles profiles;
    private final Downlink downlink;
    private final Clock clock;
    private final WaitingCommands waiting;
    private final CommandMetrics metrics;
    private final ScheduledExecutorService thread;
    // Only touched on the service thread.
    private final Set<String> sending = new HashSet<>();
    /** Delivered commands that may still be acknowledged, oldest first, at most maxPendingPerDevice per device. */
    private final Map<String, ArrayDeque<CommandRecord>> delivered = new HashMap<>();

    public CommandService(CommandsConfig config, LocalStore store, DeviceRegistry devices, DeviceProfiles profiles,
                          Downlink downlink, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.devices = devices;
        this.profiles = profiles;
        this.downlink = downlink;
        this.clock = clock;
        this.waiting = new WaitingCommands(config.maxPendingPerDevice(), config.maxPendingTotal());
        this.metrics = new CommandMetrics(registry, waiting::size);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ganglion-commands");
            t.setDaemon(true);
            return t;
        });
    }

    /** Resumes the commands that were waiting when the gateway stopped, and starts the retry timer. */
    public void start() {
        for (CommandRecord record : store.commandsWithStatus(Status.PENDING)) {
            waiting.restore(record);
        }
        if (waiting.size() > 0) {
            LOG.info("{} commands were waiting when the gateway stopped; sending them when their devices listen",
                    waiting.size());
        }
        downlink.onReachable(() -> onThread(this::sendWaiting));
        long interval = config.retryInterval().toMillis();
        thread.scheduleWithFixedDelay(this::sendWaiting, 0, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Checks, encodes and stores a command, then sends it when it can. Blocks until the command is committed: call
     * it from a worker thread.
     *
     * @param parameters the parameters as given, a JSON object
     * @param ttl        how long it may wait for delivery; null for {@code commands.defaultTtl}
     * @return the stored record, status {@code pending}
     */
    public CommandRecord submit(String deviceId, String name, JsonObject parameters, Duration ttl)
            throws CommandRejectedException {
        DeviceRegistry.KnownDevice device = devices.find(deviceId).orElseThrow(() -> new CommandRejectedException(
                Kind.UNKNOWN_DEVICE, "no device '" + deviceId + "'"));
        Duration lifetime = ttl == null ? config.defaultTtl() : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(config.maxTtl()) > 0) {
            throw new CommandRejectedException(Kind.INVALID, "ttl must be above 0 and at most " + config.maxTtl()
                    + " (commands.maxTtl), got " + lifetime);
        }
        EncodedCommand encoded = EncodedCommand.of(deviceId, profiles.choose(device), name, parameters.getMap());
        long now = clock.millis();
        CommandRecord record = new CommandRecord(UUID.randomUUID().toString(), deviceId, name, parameters.encode(),
                encoded.payload(), encoded.address(), encoded.qos(), now, now + lifetime.toMillis(), Status.PENDING,
                now, "waiting to be sent");
        waiting.reserve(deviceId);
        try {
            transition(record).get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            waiting.release(deviceId);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CommandRejectedException(Kind.STORE_UNAVAILABLE, "the store did not take the command: " + e);
        }
        waiting.add(record);
        onThread(() -> send(record));
        return record;
    }

    /** One command, as stored. Blocks on a store read. */
    public Optional<CommandRecord> find(String commandId) {
        return store.command(commandId);
    }

    /** A device's commands, newest first. Blocks on a store read. */
    public java.util.List<CommandRecord> ofDevice(String deviceId, int limit) {
        return store.commandsOf(deviceId, limit);
    }

    /** Whether the device is known, for a 404 on listing its commands. */
    public boolean knows(String deviceId) {
        return devices.find(deviceId).isPresent();
    }

    /** Commands waiting for delivery now. */
    public int waitingCount() {
        return waiting.size();
    }

    /**
     * A device's acknowledgement ({@code COMMAND_ACK} channel). Never blocks. Completes once the new status is
     * committed; an acknowledgement that is malformed or matches no command is recorded as rejected.
     */
    public CompletionStage<IngestResult> acknowledge(InboundMessage message) {
        CompletableFuture<IngestResult> result = new CompletableFuture<>();
        onThread(() -> {
            try {
                CommandAck ack = CommandAck.parse(message.payload());
                String name = CommandAck.nameFromTopic(message.address());
                Optional<CommandRecord> command = takeAcknowledged(message.deviceId(), name, ack.commandId());
                if (command.isEmpty()) {
                    throw new IllegalArgumentException("no delivered command '" + name + "'"
                            + (ack.commandId() == null ? "" : " with id " + ack.commandId()) + " awaits an answer");
                }
                Status status = ack.ok() ? Status.ACKNOWLEDGED : Status.FAILED;
                String detail = ack.detail().isEmpty() ? "the device answered " + (ack.ok() ? "ok" : "error")
                        : ack.detail();
                transition(command.get().withStatus(status, clock.millis(), detail))
                        .whenComplete((ok, e) -> complete(result, e, IngestResult.STORED));
            } catch (IllegalArgumentException e) {
                StoreWrite rejected = StoreWrite.rejected(message.receivedAt(), message.transport().label(),
                        message.deviceId(), message.address(), RejectReason.MALFORMED, e.getMessage(),
                        message.payload());
                offer(rejected).whenComplete((ok, error) -> complete(result, error,
                        IngestResult.rejected(RejectReason.MALFORMED, e.getMessage())));
            }
        });
        return result;
    }

    private static void complete(CompletableFuture<IngestResult> result, Throwable error, IngestResult value) {
        if (error != null) {
            result.completeExceptionally(error);
        } else {
            result.complete(value);
        }
    }

    /** On the service thread: the delivered (or, when the answer overtook the delivery, waiting) command. */
    private Optional<CommandRecord> takeAcknowledged(String deviceId, String name, String commandId) {
        ArrayDeque<CommandRecord> queue = delivered.getOrDefault(deviceId, new ArrayDeque<>());
        for (Iterator<CommandRecord> it = queue.iterator(); it.hasNext(); ) {
            CommandRecord r = it.next();
            if (commandId == null ? r.name().equals(name) : r.id().equals(commandId)) {
                it.remove();
                return Optional.of(r);
            }
        }
        Optional<CommandRecord> early = commandId == null ? waiting.oldest(deviceId, name) : waiting.find(commandId)
                .filter(r -> r.deviceId().equals(deviceId));
        return early.flatMap(r -> waiting.remove(r.id()));
    }

    /** On the service thread: expires what is overdue and sends the rest again. */
    private void sendWaiting() {
        try {
            long now = clock.millis();
            for (CommandRecord record : waiting.all()) {
                if (sending.contains(record.id())) {
                    continue; // its result decides; a send in flight is not expired under its feet
                }
                if (now >= record.expiresAt()) {
                    waiting.remove(record.id()).ifPresent(r -> transition(r.withStatus(Status.EXPIRED, now,
                            "not delivered within its ttl; last: " + r.detail())));
                } else {
                    send(record);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sending waiting commands failed; trying again at the next interval", e);
        }
    }

    /** On the service thread. */
    private void send(CommandRecord record) {
        if (!sending.add(record.id())) {
            return;
        }
        OutboundCommand command = new OutboundCommand(record.deviceId(), record.id(), record.name(), record.address(),
                record.payload(), record.qos());
        CompletableFuture<DeliveryResult> outcome = new CompletableFuture<>();
        try {
            downlink.send(command).whenComplete((result, error) -> {
                if (error != null) {
                    outcome.complete(DeliveryResult.failed(error.toString()));
                } else {
                    outcome.complete(result);
                }
            });
        } catch (RuntimeException e) {
            outcome.complete(DeliveryResult.failed(e.toString()));
        }
        outcome.completeOnTimeout(DeliveryResult.failed("no outcome within " + SEND_TIMEOUT.toSeconds() + " s"),
                        SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenAccept(result -> onThread(() -> sent(record.id(), result)));
    }

    private void sent(String id, DeliveryResult result) {
        sending.remove(id);
        Optional<CommandRecord> current = waiting.find(id);
        if (current.isEmpty()) {
            return; // answered by the device before the delivery result came back
        }
        long now = clock.millis();
        if (result.delivered()) {
            waiting.remove(id);
            CommandRecord done = current.get().withStatus(Status.DELIVERED, now, result.detail());
            transition(done);
            ArrayDeque<CommandRecord> queue = delivered.computeIfAbsent(done.deviceId(), d -> new ArrayDeque<>());
            queue.add(done);
            if (queue.size() > config.maxPendingPerDevice()) {
                queue.poll(); // too old to be answered now; it stays "delivered"
            }
        } else if (result.outcome() == DeliveryResult.Outcome.REFUSED) {
            // Retrying would be refused the same way until the ttl ran out; fail it now, with the driver's reason.
            waiting.remove(id);
            transition(current.get().withStatus(Status.FAILED, now, result.detail()));
        } else if (!result.detail().equals(current.get().detail())) {
            // Still waiting; say why, so that GET shows it (written only when the reason changes).
            CommandRecord updated = current.get().withStatus(Status.PENDING, current.get().statusAt(),
                    result.detail());
            if (waiting.update(updated)) {
                write(updated);
            }
        }
    }

    /** Stores a command's new status and counts it. */
    private CompletableFuture<Void> transition(CommandRecord record) {
        metrics.reached(record.status());
        return write(record);
    }

    private CompletableFuture<Void> write(CommandRecord record) {
        return offer(StoreWrite.command(record)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("command {} of device '{}': status {} not stored: {}", record.id(), record.deviceId(),
                        record.status().label(), e.toString());
            }
        });
    }

    /** Offers a write, waiting (bounded) for room: the callers are worker threads or the service thread. */
    private CompletableFuture<Void> offer(StoreWrite write) {
        try {
            if (store.offer(write)
                    || (store.awaitCapacity(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && store.offer(write))) {
                return write.done();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CompletableFuture.failedFuture(new IllegalStateException("the store's queue stayed full"));
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closing: what waits is in the store and resumes at the next start
        }
    }

    /** Stops sending; waiting commands stay stored as pending and resume at the next start. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
