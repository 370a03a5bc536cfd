package io.ganglion.runtime;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.ProfilesConfig;
import io.ganglion.runtime.config.SyncConfig;
import io.ganglion.runtime.config.VisionConfig;
import io.ganglion.runtime.demo.DemoCloud;
import io.ganglion.runtime.demo.DemoScenario;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole site for tests that watch a gateway from outside (the dashboard's browser tests): a real Mosquitto, a
 * gateway subscribed to it with the intersection's devices declared, the real YOLOX-Nano on its cameras, a cloud
 * endpoint on SQLite receiving its 10 s summaries, and the simulator playing the shipped intersection without faults
 * (cameras sending the real photos of ../shared) in real time until {@link #close}. The GPIO loop detectors are not
 * played. The gateway watches a profile directory of the site's own (hot reload). Skips (or under CI fails) when mosquitto or the shared model and photos are missing.
 */
public final class LiveSite implements AutoCloseable {
    /** Summaries and detection windows close this often, so that the sync and the counts show data within seconds. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration LONGEST_RUN = Duration.ofMinutes(30);

    /** A profile of the site's own in the gateway's watched profile directory ({@link #profilesDirectory}). */
    public static final String OWN_PROFILE = """
            id: line-speed
            vendor: Example Conveyors
            model: conveyor-speed
            firmware: "*"
            metrics:
              speed: {type: float, unit: m/s, range: [0, 100]}
            telemetry:
              codec: json
              fields: {speed: {path: v}}
            """;

    private final MosquittoBroker broker;
    private final Path profiles;
    private final DemoCloud cloud;
    private final Gateway gateway;
    private final Runner runner;
    private final CompletableFuture<RunResult> running;

    private LiveSite(MosquittoBroker broker, Path profiles, DemoCloud cloud, Gateway gateway, Runner runner,
                     CompletableFuture<RunResult> running) {
        this.broker = broker;
        this.profiles = profiles;
        this.cloud = cloud;
        this.gateway = gateway;
        this.runner = runner;
        this.running = running;
    }

    public static LiveSite start(Path dir) throws Exception {
        MosquittoBroker.assumeAvailable();
        var model = VisionFixture.vehicles(); // skips or fails here when ../shared lacks the model
        Path photos = io.ganglion.inference.testing.SharedFiles.image(VisionFixture.FREEWAY).getParent();
        Path scenarioFile = dir.resolve("intersection-without-faults.yaml");
        Files.writeString(scenarioFile, SimulatedSite.shippedWithoutFaults("intersection"));
        DemoScenario scenario = DemoScenario.load(scenarioFile.toString(), photos, Instant.now());
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("line-speed.yaml"), OWN_PROFILE);
        MosquittoBroker broker = MosquittoBroker.start();
        DemoCloud cloud = null;
        Gateway gateway = null;
        try {
            GatewayConfig base = GatewayFixture.broker(dir.resolve("gw"), broker.url(), "gw-dashboard");
            cloud = DemoCloud.start(dir.resolve("cloud"), 0, base.gatewayId());
            GatewayConfig config = new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), base.coap(),
                    base.store(), base.ingest(), new ProfilesConfig(profiles, true, Duration.ofMillis(100)),
                    SimulatedSite.devices(scenario.plan()),
                    base.logging(), base.commands())
                    .withVision(new VisionConfig(List.of(model), 1, WINDOW, null))
                    .withSync(new SyncConfig(true, cloud.url(), DemoCloud.TOKEN, null, null, WINDOW,
                            Duration.ofSeconds(2), null, null, null));
            gateway = Gateway.start(config, dir.toString());
            Runner runner = Runner.builder(scenario.plan())
                    .mqtt(MqttSettings.of("127.0.0.1", broker.port()))
                    .coap(CoapSettings.of("127.0.0.1", gateway.coapPort().orElseThrow(),
                            gateway.coapsPort().orElse(5684)))
                    .speed(1)
                    .runFor(LONGEST_RUN)
                    .drainTimeout(Duration.ofSeconds(2))
                    .build();
            return new LiveSite(broker, profiles, cloud, gateway, runner, runner.start());
        } catch (Exception | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            if (cloud != null) {
                cloud.close();
            }
            broker.close();
            throw e;
        }
    }

    /** The profile directory the gateway watches (hot reload), holding {@link #OWN_PROFILE}. */
    public Path profilesDirectory() {
        return profiles;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The gateway's HTTP root, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    /** A JSON object from the gateway's REST API; fails on anything but a 200. */
    public io.vertx.core.json.JsonObject getJson(String pathAndQuery) throws Exception {
        GatewayFixture.Response response = GatewayFixture.get(gateway, pathAndQuery);
        if (response.status() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    @Override
    public void close() throws Exception {
        runner.stop();
        try {
            running.get(30, TimeUnit.SECONDS);
        } finally {
            gateway.close();
            cloud.close();
            broker.close();
        }
    }
}
