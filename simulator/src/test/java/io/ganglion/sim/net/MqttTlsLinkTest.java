package io.ganglion.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.mqtt.DeviceAccess;
import io.ganglion.drivers.mqtt.DeviceCredentials;
import io.ganglion.drivers.mqtt.EmbeddedEndpointDriver;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.drivers.mqtt.EndpointTls;
import io.ganglion.drivers.mqtt.PasswordHash;
import io.ganglion.drivers.mqtt.TopicRouter;
import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.testing.TestCertificates;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.run.Recorder;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.RunStats;
import io.ganglion.sim.run.Runner;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's devices against the gateway's own MQTT endpoint (device-drivers, in this JVM) over TLS: logging
 * in with per-device passwords, presenting per-device client certificates, and failing where a real device would (a
 * server certificate it does not trust, or one for another host name, or a wrong password). Certificates are
 * self-signed, made by the JDK's keytool, for localhost and 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttTlsLinkTest {
    private static final String TWO_DEVICES = """
              - id: air
                count: 2
                profile: noise-level-meter
                firmware: 1.1.0
                rate: 5
            """;

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Path[] serverPem;
    private static Path strangerPem;
    private static Path deviceCerts;
    private static Path deviceCa;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    static void certificates() throws Exception {
        vertx = Vertx.vertx();
        serverPem = TestCertificates.pem(TestCertificates.keytool(dir, "endpoint"));
        strangerPem = TestCertificates.pem(TestCertificates.keytool(dir, "stranger"))[0];
        // A folder as a site engineer would lay it out: <deviceId>.crt and <deviceId>.key, CN = the device id.
        deviceCerts = Files.createDirectories(dir.resolve("devices"));
        StringBuilder ca = new StringBuilder();
        for (String id : List.of("air-0001", "air-0002")) {
            Path[] pem = TestCertificates.pem(TestCertificates.keytool(dir, id, id));
            Files.copy(pem[0], deviceCerts.resolve(id + ".crt"));
            Files.copy(pem[1], deviceCerts.resolve(id + ".key"));
            ca.append(Files.readString(pem[0]));
        }
        // Self-signed device certificates: the endpoint's "CA" file is the devices' certificates themselves.
        deviceCa = Files.writeString(dir.resolve("device-ca.pem"), ca);
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        sink.close();
    }

    private EmbeddedEndpointDriver endpoint(String host, Path passwordFile, Path clientCa) throws Exception {
        EndpointSettings settings = new EndpointSettings(host, 0, null, 50, passwordFile,
                new EndpointTls(serverPem[0], serverPem[1], clientCa));
        DeviceAccess access = passwordFile == null ? DeviceAccess.OPEN
                : DeviceAccess.withPasswords(DeviceCredentials.load(passwordFile));
        EmbeddedEndpointDriver endpoint = new EmbeddedEndpointDriver(vertx, settings, Duration.ofSeconds(2),
                new TopicRouter(), access);
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
        cleanup.add(() -> endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
        return endpoint;
    }

    /** The gateway's side: hashes, as {@code ganglion mqtt-password} writes them (fewer iterations, for speed). */
    private static Path gatewayPasswords(String... deviceAndPassword) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < deviceAndPassword.length; i += 2) {
            lines.append(deviceAndPassword[i]).append(':')
                    .append(PasswordHash.hash(deviceAndPassword[i + 1].toCharArray(), 1000)).append('\n');
        }
        return Files.writeString(Files.createTempFile(dir, "gateway-passwords", ""), lines);
    }

    private static RunResult play(MqttSettings settings) throws Exception {
        return play(settings, Duration.ofSeconds(10));
    }

    /** Devices that cannot connect give up at once; a short drain, since nothing they queued will be sent. */
    private static RunResult playRefused(MqttSettings settings) throws Exception {
        return play(settings, Duration.ofMillis(500));
    }

    private static RunResult play(MqttSettings settings, Duration drain) throws Exception {
        Plan plan = TestScenarios.plan("name: tls\nseed: 5\nduration: 10m\ndevices:\n" + TWO_DEVICES);
        return Runner.builder(plan).mqtt(settings.withConnectAttempts(1)).runFor(Duration.ofSeconds(2))
                .progressEvery(Duration.ZERO, null).drainTimeout(drain).build().run();
    }

    private Set<String> devicesTheEndpointTook() {
        return sink.committed().stream().map(InboundMessage::deviceId).collect(Collectors.toSet());
    }

    @Test
    void devices_log_in_over_tls_as_themselves_with_their_own_passwords() throws Exception {
        EmbeddedEndpointDriver endpoint = endpoint("127.0.0.1",
                gatewayPasswords("air-0001", "first secret", "air-0002", "second:secret"), null);
        Path simulatorPasswords = Files.writeString(dir.resolve("sim-passwords"),
                "# the simulator's side, in plain text\nair-0001:first secret\n\nair-0002:second:secret\n");

        RunResult result = play(MqttSettings.of("localhost", endpoint.actualPort())
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0], null))
                .withLogins(MqttLogins.deviceIdWith(DevicePasswords.load(simulatorPasswords))));

        assertThat(result.totals().connectFailures()).isZero();
        assertThat(result.totals().connects()).isEqualTo(2);
        assertThat(result.totals().acknowledged()).isEqualTo(result.totals().sent()).isGreaterThan(2);
        assertThat(devicesTheEndpointTook()).containsExactlyInAnyOrder("air-0001", "air-0002");
    }

    @Test
    void devices_present_their_own_client_certificates_from_a_folder() throws Exception {
        EmbeddedEndpointDriver endpoint = endpoint("127.0.0.1", null, deviceCa);

        RunResult result = play(MqttSettings.of("127.0.0.1", endpoint.actualPort())
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0],
                        ClientCertificates.perDevice("--mqtt-cert", deviceCerts))));

        assertThat(result.totals().connectFailures()).isZero();
        assertThat(result.totals().acknowledged()).isEqualTo(result.totals().sent()).isGreaterThan(2);
        assertThat(devicesTheEndpointTook()).containsExactlyInAnyOrder("air-0001", "air-0002");
        assertThat(endpoint.deniedAccess()).as("each device published only on its own topics").isZero();
    }

    @Test
    void a_server_certificate_the_devices_do_not_trust_fails_every_connect() throws Exception {
        EmbeddedEndpointDriver endpoint = endpoint("127.0.0.1", null, null);

        RunResult result = playRefused(MqttSettings.of("localhost", endpoint.actualPort())
                .withTls(MqttTls.of("--mqtt-ca", strangerPem, null)));

        assertThat(result.totals().connects()).isZero();
        assertThat(result.totals().connectFailures()).isEqualTo(2);
        assertThat(result.totals().sent()).isZero();
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void hostname_verification_is_on_a_certificate_for_another_name_fails() throws Exception {
        // The certificate names localhost and 127.0.0.1; 127.0.0.2 is the same machine under a name it lacks.
        EmbeddedEndpointDriver endpoint = endpoint("127.0.0.2", null, null);

        RunResult result = playRefused(MqttSettings.of("127.0.0.2", endpoint.actualPort())
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0], null)));

        assertThat(result.totals().connects()).isZero();
        assertThat(result.totals().connectFailures()).isEqualTo(2);
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void a_wrong_password_is_refused_at_connect() throws Exception {
        EmbeddedEndpointDriver endpoint = endpoint("127.0.0.1",
                gatewayPasswords("air-0001", "right", "air-0002", "right"), null);

        RunResult result = playRefused(MqttSettings.of("127.0.0.1", endpoint.actualPort())
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0], null))
                .withLogins(MqttLogins.deviceIdWith("wrong")));

        assertThat(result.totals().connects()).isZero();
        assertThat(result.totals().connectFailures()).isEqualTo(2);
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void a_shared_password_logs_every_device_in_under_its_own_id() throws Exception {
        EmbeddedEndpointDriver endpoint = endpoint("127.0.0.1",
                gatewayPasswords("air-0001", "site secret", "air-0002", "site secret"), null);

        RunResult result = play(MqttSettings.of("127.0.0.1", endpoint.actualPort())
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0], null))
                .withLogins(MqttLogins.deviceIdWith("site secret")));

        assertThat(result.totals().connectFailures()).isZero();
        assertThat(devicesTheEndpointTook()).containsExactlyInAnyOrder("air-0001", "air-0002");
    }

    @Test
    void a_device_missing_from_the_password_file_or_the_certificate_folder_fails_the_build() throws Exception {
        Plan plan = TestScenarios.plan("name: tls\nduration: 1m\ndevices:\n" + TWO_DEVICES);
        List<DeviceInfo> devices = plan.fleet().devices();
        Path onlyOne = Files.writeString(dir.resolve("one-password"), "air-0001:secret\n");
        MqttSettings withPasswords = MqttSettings.of("127.0.0.1", 8883)
                .withLogins(MqttLogins.deviceIdWith(DevicePasswords.load(onlyOne)));
        Path oneCert = Files.createDirectories(dir.resolve("one-cert"));
        Files.copy(deviceCerts.resolve("air-0001.crt"), oneCert.resolve("air-0001.crt"));
        Files.copy(deviceCerts.resolve("air-0001.key"), oneCert.resolve("air-0001.key"));
        Files.copy(deviceCerts.resolve("air-0002.crt"), oneCert.resolve("air-0002.crt"));
        MqttSettings withCerts = MqttSettings.of("127.0.0.1", 8883)
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0], ClientCertificates.perDevice("--mqtt-cert", oneCert)));
        Recorder recorder = new Recorder(new Ledger(), new RunStats());

        assertThatThrownBy(() -> new MqttLink(vertx, devices, withPasswords, recorder))
                .hasMessage(onlyOne + ": expected a line deviceId:password for every MQTT device of the scenario,"
                        + " missing for air-0002");
        assertThatThrownBy(() -> new MqttLink(vertx, devices, withCerts, recorder))
                .hasMessage("--mqtt-cert: expected <deviceId>.crt and <deviceId>.key in " + oneCert
                        + " for every MQTT device of the scenario, missing for air-0002");
    }

    @Test
    void settings_print_where_logins_and_certificates_come_from_never_a_password() throws Exception {
        Path passwords = Files.writeString(dir.resolve("printed"), "air-0001:hunter2-secret\n");
        MqttSettings settings = MqttSettings.of("h", 8883)
                .withLogins(MqttLogins.deviceIdWith(DevicePasswords.load(passwords)))
                .withTls(MqttTls.of("--mqtt-ca", serverPem[0], ClientCertificates.perDevice("--mqtt-cert",
                        deviceCerts)));

        assertThat(settings.toString()).contains(passwords.toString(), serverPem[0].toString(),
                deviceCerts.toString()).doesNotContain("hunter2");
        assertThat(MqttSettings.of("h", 1883).withLogins(MqttLogins.deviceIdWith("hunter2")).toString())
                .doesNotContain("hunter2");
        assertThat(settings.logins().of("air-0001").toString()).doesNotContain("hunter2");
    }
}
