package io.ganglion.runtime.cli;

import io.ganglion.drivers.coap.CoapSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.LoggingConfig;
import io.ganglion.runtime.config.LoggingSetup;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.config.SyncConfig;
import io.ganglion.runtime.config.VisionConfig;
import io.ganglion.runtime.demo.DemoCloud;
import io.ganglion.runtime.demo.DemoScenario;
import io.ganglion.runtime.demo.DemoVision;
import io.ganglion.runtime.demo.MockPinPlayer;
import io.ganglion.sim.check.CheckReport;
import io.ganglion.sim.check.EndOfRunCheck;
import io.ganglion.sim.check.GatewayClient;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.Runner;
import io.ganglion.sim.scenario.Transport;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion demo}: one process on embedded defaults. A gateway (its own MQTT endpoint, CoAP, Pi4J's mock GPIO,
 * a SQLite store under data/demo) with the devices of a simulator scenario (the intersection by default) declared,
 * the simulator playing that scenario against it (loop detectors on the gateway's mock pins through
 * {@link MockPinPlayer}), the real detection model on the cameras when ../shared has it, and the cloud endpoint
 * ({@code ganglion cloud} on SQLite, data/demo/cloud.db) receiving the gateway's 10 s summaries. Uses the default
 * ports when they are free and free ones otherwise, and prints every URL. Stops the simulator, then the gateway, then
 * the cloud endpoint.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a gateway, its cloud endpoint and the simulator's intersection on embedded defaults; "
                + "prints the URLs to open.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final String GATEWAY_ID = "demo-gateway";
    /** The demo's cloud endpoint, when free (the gateway's own HTTP has 8080). */
    static final int CLOUD_PORT = 8090;
    static final Duration SYNC_WINDOW = Duration.ofSeconds(10);
    private static final Duration SIMULATOR_STOP_WAIT = Duration.ofSeconds(20);

    @Option(names = "--data-dir", defaultValue = "data/demo", paramLabel = "DIR",
            description = "where the demo keeps its database (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "stop by itself after this many seconds (default: run until Ctrl-C)")
    Long durationSeconds;

    @Option(names = "--scenario", defaultValue = "intersection", paramLabel = "NAME|FILE",
            description = "the simulator scenario to play: a shipped one's name or a file (default: ${DEFAULT-VALUE})")
    String scenarioName;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X",
            description = "simulated seconds per second, 0.001 to 1000; above 1 the devices' clocks run ahead of the "
                    + "gateway's, which flags readings more than 30 s ahead and rejects those more than 5 min ahead "
                    + "(default: ${DEFAULT-VALUE})")
    double speed;

    enum Faults { on, off }

    @Option(names = "--faults", defaultValue = "on", paramLabel = "on|off",
            description = "play the scenario's faults (malformed messages, duplicates, disconnects ...) or none "
                    + "(default: ${DEFAULT-VALUE})")
    Faults faults;

    @Option(names = "--check", description = "when the demo stops, run the simulator's end-of-run check against the "
            + "gateway's store and print its report; with --duration, exit code 1 unless it passes")
    boolean check;

    @Option(names = "--shared", paramLabel = "DIR",
            description = "the shared models and photos (MODELS.md) for the cameras' detection "
                    + "(default: ../shared next to the project)")
    Path shared;

    private volatile Runner runner;
    private volatile CompletableFuture<RunResult> running;
    private volatile MockPinPlayer pins;
    private volatile RunResult result;
    private volatile Gateway gateway;
    private volatile CheckReport report;

    @Override
    public Integer call() {
        LoggingSetup.apply(LoggingConfig.defaults());
        if (!(speed >= 0.001 && speed <= 1000)) {
            System.err.println("--speed: expected 0.001 to 1000, got " + speed);
            return GanglionCommand.EXIT_INVALID;
        }
        DemoVision vision = shared != null ? new DemoVision(shared) : DemoVision.find();
        Optional<Path> missing = vision.missing();
        DemoScenario scenario;
        try {
            scenario = DemoScenario.load(scenarioName, missing.isEmpty() ? vision.photos() : null, Instant.now(),
                    faults == Faults.on);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("invalid scenario: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        int httpPort = preferredOrFree(HttpConfig.DEFAULT_PORT);
        int mqttPort = preferredOrFree(EndpointSettings.DEFAULT_PORT);
        int coapPort = preferredUdpOrFree(CoapSettings.DEFAULT_PORT);
        DemoCloud cloud;
        try {
            cloud = DemoCloud.start(dataDir, preferredOrFree(CLOUD_PORT), GATEWAY_ID);
        } catch (Exception e) {
            System.err.println("the demo's cloud endpoint could not start: " + e.getMessage());
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        }
        GatewayConfig config = new GatewayConfig(GATEWAY_ID,
                new HttpConfig("127.0.0.1", httpPort),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", mqttPort, null, null)),
                new CoapConfig(null, "127.0.0.1", coapPort, null, null, null, null, null, null, null, null, null),
                StoreConfig.defaults().withPath(dataDir.resolve("ganglion.db")),
                null,
                null,
                scenario.devices(),
                null, null)
                // Short windows, so that the cloud shows summaries within seconds of the start.
                .withSync(new SyncConfig(true, cloud.url(), DemoCloud.TOKEN, null, null, SYNC_WINDOW,
                        Duration.ofSeconds(2), null, null, null));
        if (missing.isEmpty() && scenario.cameras() > 0) {
            config = config.withVision(new VisionConfig(List.of(vision.model()), null, SYNC_WINDOW, null));
        }
        GatewayConfig gatewayConfig = config;
        int exit = RunUntilStopped.run(() -> Gateway.start(gatewayConfig, "demo defaults"), started -> {
            gateway = started;
            printUrls(started, scenario, cloud.url(), missing);
            startSimulator(started, scenario);
        }, durationSeconds == null ? null : Duration.ofSeconds(durationSeconds), () -> {
            stopSimulator();
            if (check) {
                checkStore(scenario);
            }
        }, cloud::close);
        stopSimulator(); // already stopped before the gateway, unless the gateway never started
        cloud.close(); // already closed after the gateway, unless the gateway never started
        CheckReport checked = report;
        if (exit == GanglionCommand.EXIT_OK && check && (checked == null || !checked.passed())) {
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        }
        return exit;
    }

    /**
     * The simulator's end-of-run check against the gateway's own REST API, before the gateway closes: what the
     * devices sent against what the store holds. Waits up to a GPIO window and 5 s more for what is still due: a
     * window of pulses still open, a frame still in the model.
     */
    private void checkStore(DemoScenario scenario) {
        RunResult run = result;
        Gateway current = gateway;
        if (run == null || current == null) {
            System.out.println("check: the simulator did not run; nothing to check");
            return;
        }
        Duration settle = scenario.longestPinWindow().orElse(Duration.ZERO).plusSeconds(5);
        try {
            GatewayClient client = new GatewayClient(URI.create("http://127.0.0.1:" + current.httpPort()),
                    Duration.ofSeconds(10));
            CheckReport checked = EndOfRunCheck.afterRun(client, run, settle);
            System.out.println();
            System.out.println("End-of-run check of the " + scenario.name() + " scenario (faults " + faults + "):");
            checked.describe(false).forEach(line -> System.out.println("  " + line));
            report = checked;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.out.println("check: could not ask the gateway: " + e);
        }
    }

    private void startSimulator(Gateway gateway, DemoScenario scenario) {
        String host = "127.0.0.1";
        int coap = gateway.coapPort().orElseThrow();
        Runner.Builder builder = Runner.builder(scenario.plan())
                .mqtt(MqttSettings.of(host, gateway.mqttEndpointPort().orElseThrow()))
                .coap(io.ganglion.sim.net.CoapSettings.of(host, coap, gateway.coapsPort().orElse(coap)))
                .speed(speed)
                .drainTimeout(Duration.ofSeconds(5))
                .progressEvery(Duration.ofMinutes(1), p -> LOG.info("simulator: {}", p.describe()));
        if (!scenario.pins().isEmpty()) {
            try {
                pins = MockPinPlayer.wire(gateway.gpioDriver().orElseThrow(), scenario.pins(), speed);
                builder.gpio(pins);
            } catch (RuntimeException e) {
                System.out.println("GPIO: the " + scenario.pins().size() + " GPIO devices are not played: "
                        + e.getMessage());
            }
        }
        try {
            runner = builder.build();
            running = runner.start();
        } catch (RuntimeException e) {
            LOG.error("the simulator could not start: {}", e.getMessage(), e);
        }
    }

    /** Stops the simulator and waits for its devices to disconnect cleanly; idempotent. */
    private synchronized void stopSimulator() {
        Runner current = runner;
        if (current == null || running == null) {
            return;
        }
        runner = null;
        current.stop();
        if (pins != null) {
            pins.close(); // pulses still to come are failed, not waited for
        }
        try {
            result = running.get(SIMULATOR_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("the simulator did not stop cleanly: {}", e.toString());
        }
    }

    private static void printUrls(Gateway gateway, DemoScenario scenario, String cloudUrl, Optional<Path> missing) {
        String http = "http://127.0.0.1:" + gateway.httpPort();
        String mqttUrl = "tcp://127.0.0.1:" + gateway.mqttEndpointPort().orElseThrow();
        List<DeviceInfo> fleet = scenario.plan().fleet().devices();
        String counts = scenario.byTransport().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "));
        System.out.println();
        System.out.println("Ganglion demo is running the simulator's " + scenario.name() + " scenario: "
                + fleet.size() + " devices (" + counts + ")"
                + (scenario.cameras() > 0 ? ", " + scenario.cameras() + " of them cameras." : "."));
        System.out.println("  Dashboard: " + http + "/");
        System.out.println("  Devices:   " + http + "/api/v1/devices");
        fleet.stream().filter(d -> d.transport() == Transport.GPIO).findFirst().or(() -> fleet.stream().findFirst())
                .ifPresent(d -> System.out.println("  Readings:  " + http + "/api/v1/devices/" + d.id()
                        + "/readings?limit=10"));
        fleet.stream().filter(DeviceInfo::camera).findFirst().ifPresent(cam -> {
            System.out.println("  Counts:    " + http + "/api/v1/cameras/" + cam.id() + "/counts  (detections per "
                    + SYNC_WINDOW.toSeconds() + " s window)");
            System.out.println("  Detected:  " + http + "/api/v1/detections?camera=" + cam.id());
        });
        System.out.println("  Health:    " + http + "/api/v1/health");
        System.out.println("  Metrics:   " + http + "/metrics");
        System.out.println("  MQTT:      " + mqttUrl + "  (publish JSON to devices/{id}/telemetry)");
        gateway.coapPort().ifPresent(port -> System.out.println("  CoAP:      coap://127.0.0.1:" + port
                + "  (POST JSON to devices/{id}/telemetry)"));
        System.out.println("  Store:     " + gateway.config().store().path().toAbsolutePath());
        System.out.println("  Sync:      " + http + "/api/v1/sync  (to the cloud endpoint below, "
                + SYNC_WINDOW.toSeconds() + " s windows)");
        System.out.println("  Cloud:     " + cloudUrl + "/api/v1/summaries?gateway=" + GATEWAY_ID
                + "  (ganglion cloud on SQLite)");
        missing.ifPresentOrElse(file -> System.out.println(DemoVision.howToGet(file)),
                () -> gateway.config().vision().models().stream().findFirst().ifPresent(model -> System.out.println(
                        "  Vision:    YOLOX-Nano on real photos, " + model.path())));
        System.out.println("Press Ctrl-C to stop.");
        System.out.println();
    }

    /** The default port when nothing listens on it, else 0 (the demo must run beside other services). */
    static int preferredOrFree(int preferred) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", preferred));
            return preferred;
        } catch (IOException taken) {
            return 0; // the listener asks the OS for a free port and the demo prints the one it got
        }
    }

    /** The same for a UDP port (CoAP). */
    static int preferredUdpOrFree(int preferred) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", preferred))) {
            return preferred;
        } catch (IOException taken) {
            return 0;
        }
    }
}
