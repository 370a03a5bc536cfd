package io.ganglion.runtime;

import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.Driver;
import io.ganglion.drivers.coap.CoapServerDriver;
import io.ganglion.drivers.gpio.GpioDriver;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.mqtt.BrokerSubscriberDriver;
import io.ganglion.drivers.mqtt.EmbeddedEndpointDriver;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.drivers.mqtt.TopicRouter;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.api.ApiRouter;
import io.ganglion.runtime.api.SyncRequests;
import io.ganglion.runtime.api.CameraRequests;
import io.ganglion.runtime.api.CommandRequests;
import io.ganglion.runtime.api.DeviceQueries;
import io.ganglion.runtime.api.ProfileQueries;
import io.ganglion.runtime.commands.AckRoutingSink;
import io.ganglion.runtime.commands.CommandService;
import io.ganglion.runtime.commands.TransportRoutingDownlink;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpTlsFiles;
import io.ganglion.runtime.dashboard.Dashboard;
import io.ganglion.runtime.dashboard.IngestRates;
import io.ganglion.runtime.dashboard.LiveReadings;
import io.ganglion.runtime.ingest.DeviceRegistry;
import io.ganglion.runtime.ingest.IngestPipeline;
import io.ganglion.runtime.metrics.CoapDriverMetrics;
import io.ganglion.runtime.metrics.GatewayMetrics;
import io.ganglion.runtime.metrics.CoapReaderMetrics;
import io.ganglion.runtime.metrics.GpioDriverMetrics;
import io.ganglion.runtime.metrics.MqttDriverMetrics;
import io.ganglion.runtime.profiles.DeviceProfiles;
import io.ganglion.runtime.profiles.CoapDevices;
import io.ganglion.runtime.profiles.GpioDevices;
import io.ganglion.runtime.profiles.ProfileCatalog;
import io.ganglion.runtime.profiles.ProfileReloader;
import io.ganglion.runtime.profiles.ProfileTemplates;
import io.ganglion.runtime.security.InsecureSettings;
import io.ganglion.runtime.security.OperatorTokens;
import io.ganglion.runtime.store.DeviceRecord;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.sync.SyncMetrics;
import io.ganglion.runtime.sync.SyncService;
import io.ganglion.runtime.vision.Camera;
import io.ganglion.runtime.vision.CameraPipeline;
import io.ganglion.runtime.vision.Cameras;
import io.ganglion.runtime.vision.ModelLoading;
import io.ganglion.runtime.vision.PullSources;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the store, the ingest pipeline, the camera pipeline with its models and pull sources, the
 * drivers (MQTT first, then the other transports) and the HTTP server, wired by plain constructors. {@link #start} returns when every listener is ready; {@link #close} shuts down in the order that
 * loses nothing: stop intake, let acknowledged work finish, flush the store, close.
 */
public final class Gateway implements AutoCloseable {
    /**
     * The MQTT endpoint's settings, with its message limit raised to {@code vision.maxFrameBytes} when cameras are
     * configured: a 1080p JPEG is larger than the telemetry-sized default, and MQTT can only refuse an oversized
     * PUBLISH by closing the connection. Telemetry stays bounded by {@code ingest.maxPayloadBytes} in the pipeline.
     */
    static EndpointSettings endpointFor(GatewayConfig config, List<Camera> cameras) {
        EndpointSettings endpoint = config.mqtt().endpoint();
        if (cameras.isEmpty() || endpoint.maxMessageBytes() >= config.vision().maxFrameBytes()) {
            return endpoint;
        }
        return endpoint.withMaxMessageBytes(config.vision().maxFrameBytes());
    }

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SYNC_STATUS_TIMEOUT = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final LocalStore store;
    private final Vertx vertx;
    private final Driver mqtt;
    /** Every driver, MQTT first; started in this order, stopped in reverse. */
    private final List<Driver> drivers;
    private final ApiRouter api;
    private final HttpServer http;
    private final ProfileReloader reloader;
    private final CommandService commands;
    private final CameraPipeline vision;
    private final PullSources pullSources;
    /** Null when {@code sync.enabled} is false. */
    private final SyncService sync;
    private final HealthReport health;
    private volatile boolean closed;

    private Gateway(GatewayConfig config, GatewayMetrics metrics, LocalStore store, Vertx vertx, List<Driver> drivers,
                    ApiRouter api, HttpServer http, ProfileReloader reloader, CommandService commands,
                    CameraPipeline vision, PullSources pullSources, SyncService sync, HealthReport health) {
        this.config = config;
        this.health = health;
        this.sync = sync;
        this.vision = vision;
        this.pullSources = pullSources;
        this.commands = commands;
        this.reloader = reloader;
        this.metrics = metrics;
        this.store = store;
        this.vertx = vertx;
        this.mqtt = drivers.get(0);
        this.drivers = List.copyOf(drivers);
        this.api = api;
        this.http = http;
    }

    /**
     * Starts a gateway and blocks until it is ready. Call it from a plain thread, never an event loop.
     *
     * @throws ConfigException     when the configuration refers to something that does not exist (exit code 2)
     * @throws io.ganglion.profiles.model.ProfileSetException when a firmware profile is invalid (exit code 2)
     * @throws Exception       when a listener or the store cannot start (exit code 1)
     */
    public static Gateway start(GatewayConfig config, String configSource) throws Exception {
        return start(config, configSource, store -> { });
    }

    /**
     * Starts a gateway, letting the caller attach to the store before intake begins (a commit listener, say), so that
     * nothing committed is missed.
     */
    public static Gateway start(GatewayConfig config, String configSource, Consumer<LocalStore> beforeIntake)
            throws Exception {
        long startNanos = System.nanoTime();
        // Before anything opens: a token file or a certificate that cannot be read is a configuration error.
        OperatorTokens tokens = OperatorTokens.load(config.http().auth(), Path.of(configSource));
        HttpTlsFiles.check(config, Path.of(configSource));
        InsecureSettings insecure = InsecureSettings.of(config);
        var profilesLoading = ProfileReloader.loadInBackground(config, Path.of(configSource));
        // ONNX Runtime sessions take a while to set up: load them beside the profiles, off any event loop.
        var modelsLoading = ModelLoading.loadInBackground(config.vision(), Path.of(configSource));
        GatewayMetrics metrics = new GatewayMetrics();
        Clock clock = Clock.systemUTC();
        LocalStore store = LocalStore.open(config.store(), metrics.registry(), clock);
        beforeIntake.accept(store);
        Vertx vertx = Vertx.vertx();
        // The dashboard's live view is told of every commit; with no browser watching that costs one check.
        LiveReadings live = new LiveReadings(vertx, LiveReadings.DEFAULT_MAX_CLIENTS, metrics.registry());
        store.addCommitListener(live);
        IngestRates rates = new IngestRates(metrics.registry());
        ProfileReloader reloader = null;
        List<Driver> drivers = new ArrayList<>();
        CommandService commands = null;
        CameraPipeline vision = null;
        PullSources pullSources = null;
        SyncService sync = null;
        try {
            ProfileReloader.Loaded profileSet = ProfileReloader.await(profilesLoading);
            ProfileCatalog profiles = new ProfileCatalog(profileSet.set());
            TopicRouter router = new TopicRouter(ProfileTemplates.of(profileSet.set()));
            DeviceRegistry devices = new DeviceRegistry(config.devices(), config.ingest());
            rememberAnnouncedFirmware(store, devices);
            DeviceProfiles deviceProfiles = new DeviceProfiles(profiles);
            List<Camera> cameras = Cameras.of(config.devices(), deviceProfiles, config.vision(),
                    Path.of(configSource));
            vision = new CameraPipeline(cameras, ModelLoading.await(modelsLoading), config.vision(), store, clock,
                    metrics.registry());
            EndpointSettings endpoint = endpointFor(config, cameras);
            IngestPipeline pipeline = new IngestPipeline(devices, deviceProfiles, store, config.ingest(), clock,
                    metrics.registry(), vision);
            if (config.sync().enabled()) {
                // Before intake and before the camera pipeline starts: every commit from now on is fed to the sync.
                sync = SyncService.open(config, Path.of(configSource), vertx, clock);
                sync.attach(store, pipeline, vision);
                SyncMetrics.bind(sync, metrics);
                sync.start();
            }
            vision.start();
            Driver mqtt = config.mqtt().usesExternalBroker()
                    ? new BrokerSubscriberDriver(config.mqtt().broker(), BrokerSubscriberDriver.DEFAULT_STOP_TIMEOUT,
                            router)
                    : new EmbeddedEndpointDriver(vertx, endpoint,
                            EmbeddedEndpointDriver.DEFAULT_STOP_TIMEOUT, router,
                            MqttDeviceAccess.of(endpoint, Path.of(configSource)));
            MqttDriverMetrics.bind(mqtt, metrics.registry());
            drivers.add(mqtt);
            // Further transports are added here, each feeding the same pipeline.
            if (config.coap().enabled()) {
                drivers.add(CoapDriverMetrics.bind(new CoapServerDriver(config.coap().settings()), metrics.registry()));
            }
            GpioDevices.driver(config.devices(), profiles, Path.of(configSource)).ifPresent(gpio -> {
                GpioDriverMetrics.bind(gpio, metrics.registry());
                drivers.add(gpio);
            });
            // Devices that keep their readings on a CoAP resource of their own are observed or polled.
            CoapDevices.reader(config.devices(), profiles, Path.of(configSource))
                    .ifPresent(reader -> drivers.add(CoapReaderMetrics.bind(reader, metrics.registry())));
            // Commands go down by MQTT, CoAP or the pins, per device; acknowledgements come up through the sink.
            commands = new CommandService(config.commands(), store, devices, deviceProfiles,
                    TransportRoutingDownlink.of((Downlink) mqtt, drivers), clock, metrics.registry());
            commands.start();
            IngestSink sink = new AckRoutingSink(pipeline, commands);
            reloader = ProfileReloader.forGateway(config, profileSet, profiles, router, metrics.registry());
            HealthReport health = new HealthReport(config, store, mqtt, vision, clock);
            SyncService syncForApi = sync;
            ApiRouter api = new ApiRouter(vertx,
                    new DeviceQueries(store, devices, deviceProfiles, pipeline.rejections()),
                    new ProfileQueries(profiles, devices, deviceProfiles, reloader), health::toJson, metrics,
                    new CommandRequests(commands), new CameraRequests(vision, store, clock),
                    syncForApi == null ? SyncRequests.disabled() : syncForApi.requests(SYNC_STATUS_TIMEOUT),
                    new Dashboard(live, rates), tokens, config.http().tls() != null, insecure);
            rates.start(vertx);
            // HTTP/1.1 only: a client that asks to upgrade to cleartext HTTP/2 (the JDK's HttpClient does by
            // default) is answered in HTTP/1.1. Vert.x's h2c upgrade garbled a multi-megabyte answer once in CI.
            HttpServer http = vertx.createHttpServer(httpOptions(config))
                    .requestHandler(api.router())
                    .listen(config.http().port(), config.http().host())
                    .await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (Driver driver : drivers) {
                driver.start(sink).toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            pullSources = PullSources.start(cameras, vision, config.vision().maxFrameBytes());
            Gateway gateway = new Gateway(config, metrics, store, vertx, drivers, api, http, reloader, commands,
                    vision, pullSources, sync, health);
            // Operators, the start-up benchmark and the process tests read this line: keep its shape.
            LOG.info("gateway '{}' ready in {} ms: HTTP on {}:{}, {}", config.gatewayId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), config.http().host(),
                    http.actualPort(), gateway.mqttEndpointPort()
                            .map(port -> "MQTT endpoint on " + config.mqtt().endpoint().host() + ":" + port)
                            .orElseGet(() -> "MQTT broker " + config.mqtt().broker().url()));
            LOG.info("REST API and dashboard: {}, {}", config.http().scheme().toUpperCase(java.util.Locale.ROOT),
                    tokens.isEmpty() ? "open (no http.auth.tokens)"
                            : "token required (" + config.http().auth().tokens().size() + " tokens)");
            insecure.logWarnings(LOG);
            return gateway;
        } catch (Exception e) {
            if (pullSources != null) {
                pullSources.close();
            }
            if (reloader != null) {
                reloader.close();
            }
            for (Driver driver : drivers) {
                driver.stop(); // a driver that started must not keep threads or sockets of a gateway that did not
            }
            if (commands != null) {
                commands.close();
            }
            if (vision != null) {
                vision.close(); // closes the models it was given
            } else {
                ModelLoading.closeQuietly(modelsLoading);
            }
            store.close();
            if (sync != null) {
                sync.close();
            }
            vertx.close();
            metrics.close();
            throw e;
        }
    }

    private static HttpServerOptions httpOptions(GatewayConfig config) {
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        if (config.http().tls() != null) {
            // TLS only on this port: a plain HTTP request to it fails the handshake instead of being answered.
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.http().tls().certPath().toString())
                    .setKeyPath(config.http().tls().keyPath().toString()));
        }
        return options;
    }


    /** A device's announced firmware outlives a restart: the store kept it, so decoding resumes with its profile. */
    private static void rememberAnnouncedFirmware(LocalStore store, DeviceRegistry devices) {
        for (DeviceRecord seen : store.devices()) {
            if (seen.firmware() != null) {
                devices.announced(seen.id(), seen.firmware());
            }
        }
    }

    /** What {@code GET /api/v1/health} answers: {@code status} UP, DEGRADED or DOWN, and the problems in words. */
    public JsonObject health() {
        return health.toJson();
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** The port of the gateway's own MQTT endpoint, when it runs one. */
    public Optional<Integer> mqttEndpointPort() {
        return mqtt instanceof EmbeddedEndpointDriver endpoint ? Optional.of(endpoint.actualPort()) : Optional.empty();
    }

    /** The bound plain CoAP port, when the CoAP server runs with plain CoAP on. */
    public Optional<Integer> coapPort() {
        return coapServer().map(CoapServerDriver::actualPort).filter(port -> port > 0);
    }

    /** The bound CoAPS (DTLS) port, when some device has a pre-shared key. */
    public Optional<Integer> coapsPort() {
        return coapServer().map(CoapServerDriver::actualDtlsPort).filter(port -> port > 0);
    }

    private Optional<CoapServerDriver> coapServer() {
        return drivers.stream().filter(CoapServerDriver.class::isInstance).map(CoapServerDriver.class::cast)
                .findFirst();
    }

    /** The driver of the pins wired to this gateway, when a declared device uses GPIO: outputs are set through it. */
    public Optional<GpioDriver> gpioDriver() {
        return drivers.stream().filter(GpioDriver.class::isInstance).map(GpioDriver.class::cast).findFirst();
    }

    /** The camera pipeline (empty of cameras when no declared device is one). */
    public CameraPipeline vision() {
        return vision;
    }

    public LocalStore store() {
        return store;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public GatewayConfig config() {
        return config;
    }

    /** Stops intake, waits for in-flight messages, flushes and closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("gateway '{}' stopping: intake first, then flushing the store", config.gatewayId());
        if (reloader != null) {
            reloader.close();
        }
        pullSources.close();
        for (int i = drivers.size() - 1; i >= 0; i--) {
            Driver driver = drivers.get(i);
            try {
                driver.stop().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("driver {} did not stop cleanly", driver.name(), e);
            }
        }
        commands.close(); // what still waits stays stored as pending and resumes at the next start
        vision.close(); // the frame being analysed finishes; open windows are stored
        api.close();
        try {
            http.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not close cleanly", e);
        }
        store.close();
        if (sync != null) {
            sync.close(); // after the store: its last commits are summarised and appended; then the outbox closes
        }
        try {
            vertx.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly", e);
        }
        metrics.close();
        LOG.info("gateway '{}' stopped", config.gatewayId());
    }
}
