package io.ganglion.drivers.coap;

import io.ganglion.drivers.Driver;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * The gateway as a CoAP client of devices that keep their readings on a resource of their own: it observes them
 * (RFC 7641) or polls them, and feeds what they answer to the sink like any other transport.
 *
 * <p>One client endpoint (an ephemeral UDP port) serves all devices; one scheduler thread runs the timers (polls,
 * silence checks, back-off, overload retries), never blocking. Each device is read by a {@link DeviceResourceReader}.
 */
public final class CoapDeviceReader implements Driver {
    /** How long stop waits for payloads already handed to the sink. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final List<CoapReadTarget> targets;
    private final CoapReaderTimings timings;
    private final Duration stopTimeout;
    private final Set<CompletableFuture<IngestResult>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Map<String, DeviceResourceReader> readers = Map.of();
    private volatile CoapEndpoint endpoint;
    private volatile ScheduledExecutorService scheduler;

    public CoapDeviceReader(List<CoapReadTarget> targets, CoapReaderTimings timings, Duration stopTimeout) {
        this.targets = List.copyOf(targets);
        this.timings = timings;
        this.stopTimeout = stopTimeout;
        if (targets.stream().map(CoapReadTarget::deviceId).distinct().count() != targets.size()) {
            throw new IllegalArgumentException("each device read once");
        }
    }

    @Override
    public String name() {
        return "coap-reader of " + targets.size() + " device(s)";
    }

    @Override
    public CompletionStage<Void> start(IngestSink sink) {
        try {
            Configuration config = new Configuration();
            config.set(CoapConfig.ACK_TIMEOUT, timings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            config.set(CoapConfig.MAX_RETRANSMIT, timings.maxRetransmit());
            CoapEndpoint client = CoapEndpoint.builder().setConfiguration(config)
                    .setInetSocketAddress(new InetSocketAddress(0)).setLoggingTag("coap-reader").build();
            client.start();
            endpoint = client;
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "coap-reader");
                t.setDaemon(true);
                return t;
            });
            readers = targets.stream().map(target -> new DeviceResourceReader(target, client, scheduler, sink,
                            timings, this::track))
                    .collect(Collectors.toUnmodifiableMap(DeviceResourceReader::deviceId, Function.identity()));
            readers.values().forEach(DeviceResourceReader::start);
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void track(CompletionStage<IngestResult> stage) {
        CompletableFuture<IngestResult> future = stage.toCompletableFuture();
        if (!future.isDone()) {
            inFlight.add(future);
            future.whenComplete((r, e) -> inFlight.remove(future));
        }
    }

    @Override
    public CompletionStage<Void> stop() {
        readers.values().forEach(DeviceResourceReader::stop);
        CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(pending).exceptionally(e -> null)
                .completeOnTimeout(null, stopTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(this::shutDown);
    }

    private void shutDown() {
        ScheduledExecutorService timers = scheduler;
        if (timers != null) {
            timers.shutdownNow();
        }
        CoapEndpoint client = endpoint;
        if (client != null) {
            client.destroy();
        }
    }

    /** What the reader did with a device so far; empty stats for a device it does not read. */
    public CoapReadStats stats(String deviceId) {
        DeviceResourceReader reader = readers.get(deviceId);
        return reader == null ? new CoapReadStats(0, 0, 0, 0) : reader.stats();
    }

    /** The sums over all devices. */
    public CoapReadStats totals() {
        long requests = 0;
        long failed = 0;
        long delivered = 0;
        long dropped = 0;
        for (DeviceResourceReader reader : readers.values()) {
            CoapReadStats stats = reader.stats();
            requests += stats.requests();
            failed += stats.failedAttempts();
            delivered += stats.delivered();
            dropped += stats.dropped();
        }
        return new CoapReadStats(requests, failed, delivered, dropped);
    }

    public List<CoapReadTarget> targets() {
        return targets;
    }
}
