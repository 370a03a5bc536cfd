package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.SimulatedSite;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganglion simulate}: its exit codes, and a run with the check against a gateway started here. */
class SimulateCommandTest {
    /** MQTT QoS 1 JSON and CoAP SenML devices, each every second; both payloads carry the device's time. */
    private static final String STREET = """
            name: street
            seed: 3
            devices:
              - id: noise
                count: 2
                profile: noise-level-meter
                firmware: 1.1.0
                interval: 1s
              - id: air
                count: 2
                profile: airq-senml-json
                firmware: 1.3.0
                transport: coap
                interval: 1s
            """;

    @TempDir
    Path dir;

    @Test
    void an_invalid_scenario_file_exits_with_2_and_names_file_line_and_key() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: bad\ndevices:\n  - id: air\n    profile: airq-v9\n");

        CommandRun run = CommandRun.of("simulate", "--scenario", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":4: devices[0].profile: expected the id of a profile")
                .contains("airq-v9");
    }

    @Test
    void an_unknown_shipped_name_exits_with_2_and_lists_the_shipped_ones() {
        CommandRun run = CommandRun.of("simulate", "--scenario", "harbour");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("harbour").contains("intersection").contains("factory");
    }

    @Test
    void a_bad_option_exits_with_2() {
        assertThat(CommandRun.of("simulate", "--scenario", "factory", "--duration", "10 parsecs").exitCode())
                .isEqualTo(2);
        assertThat(CommandRun.of("simulate", "--scenario", "factory", "--speed", "0").exitCode()).isEqualTo(2);
        CommandRun noSecret = CommandRun.of("simulate", "--scenario", "factory", "--mqtt-user", "sim",
                "--mqtt-password-env", "GANGLION_TEST_NO_SUCH_VARIABLE");
        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.err()).contains("GANGLION_TEST_NO_SUCH_VARIABLE is not set");
        assertThat(CommandRun.of("simulate").exitCode()).as("--scenario is required").isEqualTo(2);
    }

    @Test
    void bad_mqtt_security_options_exit_with_2_naming_option_file_and_expectation() throws Exception {
        Path missingCa = dir.resolve("no-ca.pem");
        CommandRun noCa = CommandRun.of("simulate", "--scenario", "factory", "--mqtt-url", "ssl://localhost:8883",
                "--mqtt-ca", missingCa.toString());
        assertThat(noCa.exitCode()).isEqualTo(2);
        assertThat(noCa.err()).contains("--mqtt-ca: expected a PEM file of certificates, got " + missingCa
                + ": no such file");

        CommandRun caWithoutTls = CommandRun.of("simulate", "--scenario", "factory", "--mqtt-ca",
                missingCa.toString());
        assertThat(caWithoutTls.exitCode()).isEqualTo(2);
        assertThat(caWithoutTls.err()).contains("--mqtt-ca: expected with an ssl:// or mqtts:// --mqtt-url only");

        CommandRun badUrl = CommandRun.of("simulate", "--scenario", "factory", "--mqtt-url", "https://gw:8883");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--mqtt-url: expected tcp://, mqtt://, ssl:// or mqtts:// then"
                + " HOST[:PORT], got 'https://gw:8883'");

        Path badLine = Files.writeString(dir.resolve("passwords"), "vib-0001:one\nvib-0002 two-secret\n");
        CommandRun badFile = CommandRun.of("simulate", "--scenario", "factory", "--mqtt-password-file",
                badLine.toString());
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.err()).contains(badLine + ":2: expected deviceId:password, got a line without ':'")
                .doesNotContain("two-secret");

        Path oneDevice = Files.writeString(dir.resolve("one-password"), "noise-0001:secret\n");
        Path scenario = Files.writeString(dir.resolve("street.yaml"), STREET);
        CommandRun missingDevice = CommandRun.of("simulate", "--scenario", scenario.toString(),
                "--mqtt-password-file", oneDevice.toString());
        assertThat(missingDevice.exitCode()).isEqualTo(2);
        assertThat(missingDevice.err()).contains(oneDevice + ": expected a line deviceId:password for every MQTT"
                + " device of the scenario, missing for noise-0002");

        Path certFile = Files.writeString(dir.resolve("device.crt"), "not yet\n");
        CommandRun certWithoutKey = CommandRun.of("simulate", "--scenario", "factory", "--mqtt-url", "mqtts://gw",
                "--mqtt-cert", certFile.toString());
        assertThat(certWithoutKey.exitCode()).isEqualTo(2);
        assertThat(certWithoutKey.err()).contains("--mqtt-key: expected the PEM private key of --mqtt-cert "
                + certFile + ", got none");
    }

    @Test
    void a_run_with_the_check_against_a_gateway_exits_with_0_and_prints_the_report() throws Exception {
        Path scenario = dir.resolve("street.yaml");
        Files.writeString(scenario, STREET);
        Plan plan = Plan.of(new ScenarioLoader().load(scenario), Instant.now());

        CommandRun run;
        try (Gateway gateway = Gateway.start(gateway(plan), "test")) {
            run = CommandRun.of("simulate", "--scenario", scenario.toString(), "--target", "127.0.0.1",
                    "--mqtt-port", String.valueOf(gateway.mqttEndpointPort().orElseThrow()),
                    "--coap-port", String.valueOf(gateway.coapPort().orElseThrow()),
                    "--api", "http://127.0.0.1:" + gateway.httpPort(),
                    "--duration", "10s", "--speed", "2", "--progress", "2s", "--check", "--report", "all");
        }

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("scenario street: 4 devices")
                .contains("finished after")
                .contains("totals: ")
                .contains("rejected messages of device air-0001; the gateway rejected 0 (OK)")
                .contains("readings of device noise-0002 metric laeq")
                .contains("zero loss: yes")
                .contains("zero duplicates: yes")
                .contains("PASSED");
    }

    @Test
    void an_unreachable_target_exits_with_1_even_with_a_check_that_has_nothing_to_compare() throws Exception {
        Path scenario = dir.resolve("street.yaml");
        Files.writeString(scenario, STREET);
        int closed = freePort();

        CommandRun run = CommandRun.of("simulate", "--scenario", scenario.toString(), "--mqtt-port",
                String.valueOf(closed), "--coap-port", String.valueOf(closed), "--api", "http://127.0.0.1:" + closed,
                "--duration", "2s", "--drain", "1s", "--progress", "0s", "--check");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        // CoAP requests go out over UDP (and fail); MQTT messages wait for a connection and are dropped unsent.
        assertThat(run.out()).containsPattern("the run dropped \\d+ messages it never sent").contains("FAILED")
                .doesNotContain("PASSED");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sigterm_stops_the_run_cleanly_and_prints_the_totals_and_the_check() throws Exception {
        Path scenario = dir.resolve("street.yaml");
        Files.writeString(scenario, STREET);
        Plan plan = Plan.of(new ScenarioLoader().load(scenario), Instant.now());
        try (Gateway gateway = Gateway.start(gateway(plan), "test")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    GanglionCommand.class.getName(), "simulate", "--scenario", scenario.toString(),
                    "--mqtt-port", String.valueOf(gateway.mqttEndpointPort().orElseThrow()),
                    "--coap-port", String.valueOf(gateway.coapPort().orElseThrow()),
                    "--api", "http://127.0.0.1:" + gateway.httpPort(), "--progress", "1s", "--check")
                    .redirectErrorStream(true).start();
            StringBuilder output = new StringBuilder();
            CountDownLatch progressing = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        if (line.contains(" acknowledged (") && !line.contains(" 0 acknowledged")) {
                            progressing.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "simulate-process-output");
            reader.start();
            try {
                assertThat(progressing.await(60, TimeUnit.SECONDS)).as("a progress line with acknowledgements: "
                        + output).isTrue();
                // Through the handle: Process.destroy() would also close our end of its output.
                process.toHandle().destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s of SIGTERM").isTrue();
                reader.join(10_000);
            } finally {
                process.destroyForcibly();
            }
            String printed;
            synchronized (output) {
                printed = output.toString();
            }
            assertThat(printed).contains("stopped after").contains("totals: ").contains("zero loss: yes")
                    .contains("PASSED").doesNotContain("LOSS)").doesNotContain("Exception");
        }
    }

    /** A gateway on its embedded MQTT endpoint and a free CoAP port, with the plan's devices. */
    private GatewayConfig gateway(Plan plan) {
        return new GatewayConfig("test-gw", new HttpConfig("127.0.0.1", 0),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null)),
                new CoapConfig(null, "127.0.0.1", 0, 0, null, null, null, null, null, null, null, null),
                StoreConfig.defaults().withPath(dir.resolve("gw.db")), null, null, SimulatedSite.devices(plan),
                null, null);
    }
}
