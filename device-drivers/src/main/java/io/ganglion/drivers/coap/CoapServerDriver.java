package io.ganglion.drivers.coap;

import io.ganglion.drivers.Driver;
import io.ganglion.drivers.IngestSink;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's CoAP server (Eclipse Californium; CoAPS via Scandium, DTLS 1.2 with a pre-shared key per device and
 * Connection ID support). Devices {@code POST} to {@code devices/{deviceId}/telemetry}, to
 * {@code devices/{deviceId}/status} (firmware announcements) and, block-wise, to {@code devices/{deviceId}/frames}.
 *
 * <p><b>Delivery.</b> A request is answered only when the sink's stage completes: 2.04 Changed once stored, 4.04 for an
 * unknown device, 4.00 with "reason: detail" (text/plain) for other rejections, 5.03 with Max-Age when the pipeline's
 * queue is full, 5.00 when the store failed. Confirmable requests answered within {@link #SEPARATE_ACK_AFTER} get the
 * answer piggybacked on the ACK; slower ones are acknowledged empty first and answered separately. Non-confirmable
 * requests are handled alike and answered NON.
 *
 * <p><b>Limits.</b> Telemetry bodies over {@link CoapSettings#maxBodyBytes()} and block-wise bodies over
 * {@link CoapSettings#blockwiseMaxBodyBytes()} get 4.13. Over CoAPS a device may only post to its own resources
 * (PSK identity = device id), else 4.01. Nothing here waits on Californium's threads.
 *
 * <p><b>Bounds.</b> Requests awaiting the store are bounded by the sink's queue (beyond it: 5.03); Californium keeps
 * per-peer state for at most {@link CoapSettings#maxActivePeers()} peers and block-wise state for at most
 * {@link CoapSettings#blockwiseStatusLifetime()}. Californium's protocol executor queues datagrams without a bound,
 * but each request costs it only a submit, so it drains as fast as the socket fills.
 */
public final class CoapServerDriver implements Driver {
    /** How long the answers of the last requests get to leave before the endpoint closes at a stop. */
    static final java.time.Duration FLUSH_GRACE = java.time.Duration.ofMillis(250);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The codes this server answers device POSTs with (Californium itself answers 4.04 for other paths, 4.05). */
    public static final List<String> RESPONSE_CODES = List.of("2.04", "4.00", "4.01", "4.04", "4.13", "4.29", "5.00", "5.03");
    /** Below a client's first retransmission (RFC 7252 ACK_TIMEOUT: 2 s), so a slow store causes no resends. */
    static final Duration SEPARATE_ACK_AFTER = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(CoapServerDriver.class);
    private static final long SWEEP_MILLIS = 100;

    private final CoapSettings settings;
    private final Duration stopTimeout;
    private final CoapStats stats = new CoapStats();
    private final SeparateAcks acks = new SeparateAcks(SEPARATE_ACK_AFTER.toNanos());
    private final CoapPeers peers = new CoapPeers();
    /** Starts and stops the server (binding and unbinding may block) and sweeps slow requests; never Californium's. */
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coap-control");
        t.setDaemon(true);
        return t;
    });
    private volatile CoapServer server;
    private volatile CoapEndpoint plain;
    private volatile CoapEndpoint secure;
    private IngestExchangeHandler handler;
    private CompletableFuture<Void> stopped;

    public CoapServerDriver(CoapSettings settings) {
        this(settings, DEFAULT_STOP_TIMEOUT);
    }

    /** @param stopTimeout how long {@link #stop} waits for submitted requests to be answered */
    public CoapServerDriver(CoapSettings settings, Duration stopTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    @Override
    public String name() {
        return "coap " + settings.host() + (settings.plainEnabled() ? " coap:" + portText(plain, settings.port()) : "")
                + (settings.dtlsEnabled() ? " coaps:" + portText(secure, settings.dtlsPort()) : "");
    }

    private static String portText(CoapEndpoint endpoint, int configured) {
        return String.valueOf(endpoint == null ? configured : endpoint.getAddress().getPort());
    }

    @Override
    public synchronized CompletionStage<Void> start(IngestSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (handler != null) {
            throw new IllegalStateException(name() + " was already started");
        }
        handler = new IngestExchangeHandler(sink, settings, stats, acks, peers);
        CompletableFuture<Void> started = new CompletableFuture<>();
        control.execute(() -> {
            try {
                bind();
                control.scheduleWithFixedDelay(acks::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                LOG.info("CoAP server listening: {} (telemetry up to {} bytes, block-wise bodies up to {} bytes,"
                        + " {} PSK identities)", name(), settings.maxBodyBytes(), settings.blockwiseMaxBodyBytes(),
                        settings.psk().size());
                started.complete(null);
            } catch (RuntimeException e) {
                CoapServer s = server;
                if (s != null) {
                    s.destroy();
                }
                started.completeExceptionally(new IllegalStateException("CoAP server could not start on "
                        + settings.host() + ": " + e.getMessage(), e));
            }
        });
        return started;
    }

    private void bind() {
        Configuration config = CoapEndpoints.configuration(settings);
        CoapServer s = new CoapServer(config);
        if (settings.plainEnabled()) {
            plain = CoapEndpoints.plain(settings, config, new BlockSizeCheckingParser(stats.badBlocks));
            s.addEndpoint(plain);
        }
        if (settings.dtlsEnabled()) {
            secure = CoapEndpoints.secure(settings, config, new BlockSizeCheckingParser(stats.badBlocks));
            s.addEndpoint(secure);
        }
        s.add(DeviceResources.root(handler));
        server = s;
        s.start();
        if (s.getEndpoints().stream().anyMatch(e -> !e.isStarted())) {
            throw new IllegalStateException("a listener did not bind (port taken?)");
        }
    }

    /** The bound plain CoAP port, useful with port 0; -1 before start or when plain CoAP is off. */
    /** Where the device last sent from over plain CoAP, if it did since the gateway started. */
    public Optional<InetSocketAddress> lastPeer(String deviceId) {
        return peers.of(deviceId);
    }

    /** Registers a listener called when a device is heard for the first time, or from a new address; keep it short. */
    public void onNewPeer(Runnable listener) {
        peers.onNewPeer(listener);
    }

    /**
     * The plain CoAP endpoint, for requests the gateway sends to devices (commands): from the port devices already
     * talk to, so an answer finds its way back through a device's NAT or firewall. Empty before start or with plain
     * CoAP off.
     */
    public Optional<CoapEndpoint> plainEndpoint() {
        return Optional.ofNullable(plain);
    }

    public int actualPort() {
        CoapEndpoint e = plain;
        return e == null || !e.isStarted() ? -1 : e.getAddress().getPort();
    }

    /** The bound CoAPS port; -1 before start or when no device has a key. */
    public int actualDtlsPort() {
        CoapEndpoint e = secure;
        return e == null || !e.isStarted() ? -1 : e.getAddress().getPort();
    }

    /** POSTs to device resources received. */
    public long requestCount() {
        return stats.requests.sum();
    }

    /** Answers sent by code ("2.04", "4.00", ...). */
    public Map<String, Long> responsesByCode() {
        return stats.responsesByCode();
    }

    /** Answers sent with this code, one of {@link #RESPONSE_CODES}. */
    public long responseCount(String code) {
        return stats.responseCount(code);
    }

    /** Requests answered 5.03 because the pipeline was full or the server stopping. */
    /** Messages rejected as malformed because their Block1 size is smaller than their payload. */
    public long badBlockCount() {
        return stats.badBlocks.sum();
    }

    public long overloadCount() {
        return stats.overloads.sum();
    }

    /** Requests answered 5.00 because the store failed. */
    public long storeFailureCount() {
        return stats.storeFailures.sum();
    }

    /** Requests handed to the pipeline and not yet answered. */
    public int inFlight() {
        return stats.pending.get();
    }

    @Override
    public synchronized CompletionStage<Void> stop() {
        if (stopped != null) {
            return stopped.copy();
        }
        stopped = new CompletableFuture<>();
        if (handler == null) {
            control.shutdownNow();
            stopped.complete(null);
            return stopped.copy();
        }
        handler.stopIntake();
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        ScheduledFuture<?>[] poll = new ScheduledFuture<?>[1];
        poll[0] = control.scheduleWithFixedDelay(() -> {
            int left = stats.pending.get();
            if (left > 0 && System.nanoTime() - deadline < 0) {
                return;
            }
            poll[0].cancel(false);
            if (left > 0) {
                LOG.warn("{}: stopping with {} requests not answered; devices resend the confirmable ones", name(),
                        left);
            }
            // An answer handed to Californium is sent by its own executor: destroying the endpoint at once could drop
            // the last answers unsent (seen on a loaded machine), and the devices would resend to a closed port.
            control.schedule(this::destroy, FLUSH_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }, 20, 20, TimeUnit.MILLISECONDS);
        return stopped.copy();
    }

    private void destroy() {
        try {
            CoapServer s = server;
            if (s != null) {
                s.destroy();
            }
            LOG.info("{}: stopped", name());
        } catch (RuntimeException e) {
            LOG.warn("{}: error while stopping", name(), e);
        } finally {
            control.shutdown();
            stopped.complete(null);
        }
    }
}
