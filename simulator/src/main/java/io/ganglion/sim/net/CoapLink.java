package io.ganglion.sim.net;

import io.ganglion.profiles.model.CoapTransport;
import io.ganglion.sim.plan.Channel;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.run.Link;
import io.ganglion.sim.run.Recorder;
import io.ganglion.sim.scenario.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoAP and CoAPS devices over Californium: {@code POST} of telemetry to {@code /devices/{id}/telemetry} (the
 * profile's path) and of frames, block-wise, to {@code /devices/{id}/frames}; QoS 1 is a confirmable request, QoS 0 a
 * non-confirmable one. A 2.xx response acknowledges, a 4.xx is a rejection (counted), a 5.xx or a timeout a failure.
 * Status messages (firmware announcements) go to the gateway's {@code devices/{id}/status} resource.
 *
 * <p>Endpoints: plain CoAP devices share client endpoints, {@link CoapSettings#devicesPerEndpoint} per UDP socket;
 * each CoAPS device has its own, because a DTLS session is one PSK identity's (a socket and about three threads per
 * CoAPS device: fine for hundreds, not for tens of thousands). All endpoints share one pair of executors. DROP ends a
 * CoAPS device's DTLS session (the next request makes a new handshake); plain CoAP has nothing to drop.
 */
public final class CoapLink implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(CoapLink.class);

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private final CoapSettings settings;
    private final Recorder recorder;
    private final Configuration config;
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Map<Integer, CoapDevice> devices = new HashMap<>();
    private final Map<Integer, CoapEndpoint> endpoints = new HashMap<>();
    private final Map<Integer, DTLSConnector> dtls = new HashMap<>();
    private final List<CoapEndpoint> all = new ArrayList<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Confirmable requests awaiting their outcome, so that closing can settle them as failed. */
    private final Map<AtomicBoolean, Message> unsettled = new ConcurrentHashMap<>();

    public CoapLink(Collection<DeviceInfo> fleet, CoapSettings settings, Recorder recorder) {
        this.settings = settings;
        this.recorder = recorder;
        this.config = configuration();
        this.executor = ExecutorsUtil.newScheduledThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new NamedThreadFactory("sim-coap#"));
        this.timer = ExecutorsUtil.newDefaultSecondaryScheduler("sim-coap-timer#");
        int plain = 0;
        CoapEndpoint shared = null;
        try {
            for (DeviceInfo device : fleet) {
                devices.put(device.ordinal(), device(device));
                CoapEndpoint endpoint;
                if (device.transport() == Transport.COAPS) {
                    endpoint = secure(device);
                } else {
                    if (plain++ % settings.devicesPerEndpoint() == 0) {
                        shared = start(CoapEndpoint.builder().setConfiguration(config)
                                .setInetSocketAddress(new InetSocketAddress(0)).setLoggingTag("sim-coap").build());
                    }
                    endpoint = shared;
                }
                endpoints.put(device.ordinal(), endpoint);
            }
        } catch (RuntimeException e) {
            close(Duration.ZERO);
            throw e;
        }
    }

    private static Configuration configuration() {
        Configuration config = new Configuration();
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 16);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 16);
        return config;
    }

    private CoapDevice device(DeviceInfo device) {
        CoapTransport coap = device.profile().transports() != null && device.profile().transports().coap() != null
                ? device.profile().transports().coap() : new CoapTransport(null, null, null, null);
        String telemetry = coap.gatewayFetches() ? CoapTransport.DEFAULT_TELEMETRY : coap.telemetry();
        return new CoapDevice(device, telemetry.replace("{deviceId}", device.id()),
                coap.frames().replace("{deviceId}", device.id()), settings.maxInflight(), recorder);
    }

    private CoapEndpoint secure(DeviceInfo device) {
        if (device.psk() == null) {
            throw new IllegalArgumentException("device " + device.id() + ": coaps needs a psk");
        }
        String identity = device.psk().identityOf(device.id());
        DtlsConnectorConfig dtlsConfig = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity,
                        PskKeys.decode(device.id(), device.psk().secret())))
                .setLoggingTag("sim-coaps-" + device.id())
                .build();
        DTLSConnector connector = new DTLSConnector(dtlsConfig);
        dtls.put(device.ordinal(), connector);
        return start(CoapEndpoint.builder().setConfiguration(config).setConnector(connector)
                .setLoggingTag("sim-coaps-" + device.id()).build());
    }

    private CoapEndpoint start(CoapEndpoint endpoint) {
        endpoint.setExecutors(executor, timer);
        try {
            endpoint.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a CoAP client endpoint", e);
        }
        all.add(endpoint);
        return endpoint;
    }

    @Override
    public void connection(ConnectionEvent event) {
        if (event.kind() == ConnectionEvent.Kind.DROP) {
            DTLSConnector connector = dtls.get(event.deviceOrdinal());
            if (connector != null) {
                connector.clearConnectionState();
            }
            recorder.droppedConnection();
        }
    }

    @Override
    public void send(Message message) {
        CoapDevice device = devices.get(message.deviceOrdinal());
        if (device == null) {
            throw new IllegalArgumentException("device #" + message.deviceOrdinal() + " is not a CoAP device");
        }
        pending.incrementAndGet();
        if (!device.offer(message, settings.maxQueued(), m -> post(device, m))) {
            pending.decrementAndGet();
            recorder.dropped(message);
        }
    }

    private void post(CoapDevice device, Message message) {
        boolean confirmable = message.qos() > 0;
        boolean secure = device.info().transport() == Transport.COAPS;
        Request request = new Request(CoAP.Code.POST, confirmable ? CoAP.Type.CON : CoAP.Type.NON);
        request.setURI((secure ? "coaps://" : "coap://") + settings.host() + ":"
                + (secure ? settings.securePort() : settings.port())
                + switch (message.channel()) {
                    case FRAMES -> device.framesPath();
                    case STATUS -> "/devices/" + device.info().id() + "/status";
                    default -> device.telemetryPath();
                });
        request.setPayload(message.payload());
        AtomicBoolean settled = new AtomicBoolean(!confirmable);
        if (confirmable) {
            unsettled.put(settled, message);
            request.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onResponse(Response response) {
                    if (settled.compareAndSet(false, true)) {
                        unsettled.remove(settled);
                        if (response.getCode().isSuccess()) {
                            recorder.acknowledged(message);
                        } else if (response.getCode().isClientError()) {
                            recorder.rejected(message);
                        } else {
                            recorder.failed(message);
                        }
                        done(device);
                    }
                }

                @Override
                protected void failed() {
                    if (settled.compareAndSet(false, true)) {
                        unsettled.remove(settled);
                        recorder.failed(message);
                        done(device);
                    }
                }
            });
        }
        recorder.sent(message);
        try {
            endpoints.get(device.info().ordinal()).sendRequest(request);
        } catch (RuntimeException e) {
            LOG.debug("{}: request not sent: {}", device.info().id(), e.toString());
            if (settled.compareAndSet(false, true)) {
                unsettled.remove(settled);
                recorder.failed(message);
                done(device);
            }
            return;
        }
        if (!confirmable) {
            recorder.acknowledged(message);
            pending.decrementAndGet();
        }
    }

    private void done(CoapDevice device) {
        pending.decrementAndGet();
        device.settled(m -> post(device, m));
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (CoapDevice device : devices.values()) {
            pending.addAndGet(-device.dropWaiting());
        }
        for (CoapEndpoint endpoint : all) {
            endpoint.destroy();
        }
        // Requests still awaiting an answer will never get one.
        unsettled.forEach((settled, message) -> {
            if (settled.compareAndSet(false, true)) {
                recorder.failed(message);
                pending.decrementAndGet();
            }
        });
        unsettled.clear();
        executor.shutdownNow();
        timer.shutdownNow();
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
