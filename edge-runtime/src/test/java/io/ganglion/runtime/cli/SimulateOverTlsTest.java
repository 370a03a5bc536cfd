package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.drivers.mqtt.EndpointTls;
import io.ganglion.drivers.mqtt.PasswordHash;
import io.ganglion.profiles.testing.TestCertificates;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.SimulatedSite;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ganglion simulate} against a gateway secured as docs/security.md says: its MQTT endpoint over TLS only, with
 * a password file of hashes; the simulator holds the plain passwords, checks the gateway's certificate and its name,
 * and the end-of-run check passes.
 */
class SimulateOverTlsTest {
    private static final String STREET = """
            name: secured-street
            seed: 4
            devices:
              - id: noise
                count: 3
                profile: noise-level-meter
                firmware: 1.1.0
                interval: 1s
            """;

    @TempDir
    Path dir;

    @Test
    void devices_log_in_over_tls_with_their_passwords_and_the_check_passes() throws Exception {
        Path scenario = Files.writeString(dir.resolve("street.yaml"), STREET);
        Plan plan = Plan.of(new ScenarioLoader().load(scenario), Instant.now());
        Path[] serverPem = TestCertificates.pem(TestCertificates.keytool(dir, "gateway"));
        StringBuilder hashes = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        for (DeviceInfo device : plan.fleet().devices()) {
            String password = "pw of " + device.id();
            hashes.append(device.id()).append(':').append(PasswordHash.hash(password.toCharArray(), 1000))
                    .append('\n');
            plain.append(device.id()).append(':').append(password).append('\n');
        }
        Path gatewayPasswords = Files.writeString(dir.resolve("mqtt-passwords"), hashes);
        Path simulatorPasswords = Files.writeString(dir.resolve("sim-passwords"), plain);
        GatewayConfig config = new GatewayConfig("test-gw", new HttpConfig("127.0.0.1", 0),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null, gatewayPasswords,
                        new EndpointTls(serverPem[0], serverPem[1], null))),
                new CoapConfig(null, "127.0.0.1", 0, 0, null, null, null, null, null, null, null, null),
                StoreConfig.defaults().withPath(dir.resolve("gw.db")), null, null, SimulatedSite.devices(plan),
                null, null);

        CommandRun run;
        try (Gateway gateway = Gateway.start(config, "test")) {
            // localhost: a name the test certificate has, as a site's gateway certificate has the gateway's name.
            run = CommandRun.of("simulate", "--scenario", scenario.toString(),
                    "--mqtt-url", "ssl://localhost:" + gateway.mqttEndpointPort().orElseThrow(),
                    "--mqtt-ca", serverPem[0].toString(), "--mqtt-password-file", simulatorPasswords.toString(),
                    "--api", "http://127.0.0.1:" + gateway.httpPort(),
                    "--duration", "8s", "--speed", "2", "--progress", "0s", "--check");
        }

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("over TLS").contains("3 connects (0 failed").contains("zero loss: yes")
                .contains("PASSED").doesNotContain("pw of");
    }
}
