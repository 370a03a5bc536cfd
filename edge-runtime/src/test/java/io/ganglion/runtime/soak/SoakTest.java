package io.ganglion.runtime.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.testing.SharedFiles;
import io.ganglion.runtime.GatewayProcess;
import io.ganglion.runtime.demo.DemoCloud;
import io.ganglion.sim.check.CheckReport;
import io.ganglion.sim.check.EndOfRunCheck;
import io.ganglion.sim.check.GatewayClient;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.Runner;
import io.ganglion.sim.scenario.ScenarioLoader;
import io.ganglion.sim.scenario.Transport;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak (issue 9; docs/soak.md): a real gateway in a child JVM under a steady simulated load with faults on
 * (malformed, duplicated and out-of-order messages, disconnect storms, a camera on the real model) for
 * {@code ganglion.soakMinutes} (default 60), syncing to a cloud endpoint. Every 15 s it samples the gateway's RSS and
 * open file descriptors (from /proc) and, after a full GC it asks for with {@code jcmd}, its heap. At the end the
 * simulator's end-of-run check must pass, and heap after GC and descriptors must be flat. Writes the samples and a
 * plot to {@code target/soak/}. Not in the default suite: {@code mvn -B -pl edge-runtime -am verify -P soak}.
 */
@Tag("soak")
class SoakTest {
    private static final Logger LOG = LoggerFactory.getLogger(SoakTest.class);
    private static final String GATEWAY = "soak-gateway";
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    /** Samples before this are the warm-up (JIT, caches, pools filling): flatness is judged after it. */
    private static final Duration WARM_UP = Duration.ofMinutes(5);

    private static final String SCENARIO = """
            name: soak
            seed: 99
            devices:
              - id: noise
                count: 150
                profile: noise-level-meter
                firmware: 1.1.0
                interval: 1s
                mqtt: {qos: 1, persistentSession: true, lastWill: true}
                faults:
                  malformed: 0.005
                  duplicate: 0.005
                  outOfOrder: 0.005
                  disconnects: {every: 5m, fraction: 0.2, for: 20s}
              - id: vib
                count: 20
                profile: motor-vibration-cbor
                firmware: 3.2.0
                rate: 5
                mqtt: {qos: 0}
                faults: {malformed: 0.002}
              - id: air
                count: 20
                profile: airq-senml-json
                firmware: 1.3.0
                transport: coap
                interval: 2s
                faults: {malformed: 0.01, duplicate: 0.01}
            cameras:
              - id: cam
                count: 1
                profile: ip-camera
                firmware: 5.4.1
                fps: 1
                folder: PHOTOS
            """;

    @Test
    void an_hour_of_steady_load_with_faults_keeps_heap_and_descriptors_flat_and_loses_nothing() throws Exception {
        Path model = SharedFiles.model("yolox_nano.onnx");
        Path labels = SharedFiles.model("coco_classes.txt");
        Path photos = SharedFiles.image("coco/000000001532.jpg").getParent();
        Duration length = Duration.ofMinutes(Long.getLong("ganglion.soakMinutes", 60));
        Path dir = Path.of("target", "soak").toAbsolutePath();
        Files.createDirectories(dir);
        try (var files = Files.list(dir)) {
            for (Path old : files.toList()) {
                if (Files.isRegularFile(old)) {
                    Files.delete(old);
                }
            }
        }
        Plan plan = Plan.of(new ScenarioLoader().loadText(SCENARIO.replace("PHOTOS", photos.toString()),
                dir.resolve("soak.yaml"), null), Instant.now());

        int coapPort;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            coapPort = probe.getLocalPort(); // the ready line names HTTP and MQTT only
        }
        try (DemoCloud cloud = DemoCloud.start(dir, 0, GATEWAY);
             GatewayProcess gateway = GatewayProcess.start(writeConfig(dir, plan, cloud, model, labels, coapPort),
                     dir.resolve("gateway.log"))) {
            Sampler sampler = new Sampler(gateway, dir.resolve("samples.csv"));
            Runner runner = Runner.builder(plan)
                    .mqtt(MqttSettings.of("127.0.0.1", gateway.mqttPort))
                    .coap(CoapSettings.of("127.0.0.1", coapPort, coapPort))
                    .runFor(length)
                    .drainTimeout(Duration.ofSeconds(30))
                    .progressEvery(Duration.ofMinutes(1), p -> LOG.info("soak: {}", p.describe()))
                    .build();
            CompletableFuture<RunResult> running = runner.start();
            long start = System.nanoTime();
            while (!running.isDone()) {
                sampler.sample(Duration.ofNanos(System.nanoTime() - start));
                try {
                    running.get(SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // next sample
                }
            }
            RunResult result = running.get();
            sampler.sample(Duration.ofNanos(System.nanoTime() - start));
            LOG.info("soak run: {}", result.totals());

            CheckReport report = new EndOfRunCheck(new GatewayClient(
                    java.net.URI.create("http://127.0.0.1:" + gateway.httpPort), Duration.ofSeconds(30)),
                    EndOfRunCheck.slackAfter(result), 8).check(result.ledger(), Duration.ofSeconds(30));
            Files.write(dir.resolve("check.txt"), report.describe(false));
            report.describe(false).forEach(line -> LOG.info("soak check: {}", line));

            List<Sample> samples = sampler.samples();
            Files.writeString(dir.resolve("soak.svg"), SoakPlot.svg(samples, length));
            SoakFigures figures = SoakFigures.of(samples, WARM_UP);
            Files.writeString(dir.resolve("figures.txt"), figures.describe() + "\n");
            LOG.info("soak figures: {}", figures.describe());

            assertThat(report.passed()).as(String.join("\n", report.describe(false))).isTrue();
            assertThat(result.totals().dropped()).as("messages the simulator dropped unsent").isZero();
            // Flat: after the warm-up, the heap after a full GC and the open descriptors do not grow.
            assertThat(figures.heapGrowthMiB()).as("heap after GC, last quarter vs first quarter after warm-up (MiB)")
                    .isLessThan(16);
            assertThat(figures.descriptorGrowth()).as("open descriptors, last quarter vs first quarter")
                    .isLessThan(20);
        }
    }

    /** The gateway's configuration: the plan's devices, sync to the cloud, the camera's model. */
    private static Path writeConfig(Path dir, Plan plan, DemoCloud cloud, Path model, Path labels, int coapPort)
            throws Exception {
        List<String> devices = new ArrayList<>();
        for (DeviceInfo device : plan.fleet().devices()) {
            if (device.transport() != Transport.GPIO) {
                devices.add("  - {id: " + device.id() + ", profile: " + device.profile().id() + "}");
            }
        }
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "gatewayId: " + GATEWAY,
                "http: {host: 127.0.0.1, port: 0}",
                "mqtt: {endpoint: {host: 127.0.0.1, port: 0}}",
                "coap: {host: 127.0.0.1, port: " + coapPort + "}",
                "store: {path: '" + dir.resolve("gw.db") + "'}",
                "vision:",
                "  workers: 1",
                "  models:",
                "    - {name: vehicles, family: yolox, path: '" + model + "', labels: '" + labels + "', threads: 1}",
                "sync:",
                "  endpoint: " + cloud.url(),
                "  token: " + DemoCloud.TOKEN,
                "  window: 10s",
                "  lateness: 2s",
                "devices:",
                String.join("\n", devices),
                ""));
        return config;
    }
}
