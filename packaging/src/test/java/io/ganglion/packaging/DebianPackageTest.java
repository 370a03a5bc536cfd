package io.ganglion.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static io.ganglion.packaging.HostCommands.exec;
import static io.ganglion.packaging.HostCommands.removeTree;
import static io.ganglion.packaging.HostCommands.run;
import static org.junit.jupiter.api.Assertions.fail;

import io.ganglion.packaging.HostCommands.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Debian package as an installer meets it: installed with dpkg in a Debian chroot (debootstrap, minbase, with
 * openjdk-17-jre-headless from the package archive, so the package's Depends are really resolved), the gateway run
 * as the unit runs it (its ExecStart as its User), a reading stored over MQTT, the gateway killed and started again
 * (a reboot) with the reading still there, an upgrade to a higher version that keeps the edited conffile and the
 * data, then {@code dpkg -r} (data and user kept) and {@code dpkg -P} (both gone). The unit file is checked with
 * {@code systemd-analyze verify} on the host: there is no systemd in a chroot.
 *
 * <p>The chroot is built once per Debian release and kept as a tar file in {@code ~/.cache/ganglion/}; every run
 * unpacks a fresh copy under target/. It needs root and debootstrap (installed with apt-get when missing): without
 * them the test is skipped with a message, except under {@code CI=true}, where that is a failure. The chroot shares
 * the host's network: the gateway's ports are free ones picked here, written into the chroot's gateway.yaml.
 */
class DebianPackageTest {
    private static final String RELEASE = System.getProperty("deb.testRelease", "bookworm");
    private static final Path TARGET = Path.of(System.getProperty("deb.dir", "target")).toAbsolutePath();
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "ganglion",
            "chroot-" + RELEASE + "-minbase-jre17.tar");
    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final String DEVICE = "deb-sensor-1";
    private static final String MARKER = "# edited by DebianPackageTest: kept across upgrades";

    private static Path root;
    private static boolean procMounted;
    private static Process gateway;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void chroot() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        Optional<String> missing = ChrootCache.missingPrerequisite(CACHE);
        if (missing.isPresent()) {
            if (ci) {
                fail("DebianPackageTest needs " + missing.get() + " (CI=true: not skipped)");
            }
            Assumptions.abort("DebianPackageTest skipped: it needs " + missing.get());
        }
        long start = System.nanoTime();
        boolean cached = Files.isRegularFile(CACHE);
        if (!cached) {
            ChrootCache.build(CACHE, TARGET, RELEASE);
        }
        root = TARGET.resolve("chroot");
        removeRoot();
        Files.createDirectories(root);
        run(Duration.ofMinutes(5), "tar", "-C", root.toString(), "-xf", CACHE.toString());
        run(Duration.ofSeconds(30), "mount", "-t", "proc", "proc", root.resolve("proc").toString());
        procMounted = true;
        System.out.printf("chroot ready in %d s (%s)%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                cached ? "from the cache " + CACHE : "debootstrap, cached now as " + CACHE);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        stopGateway(true);
        if (procMounted) {
            run(Duration.ofSeconds(30), "umount", root.resolve("proc").toString());
            procMounted = false;
        }
        if (root != null) {
            removeRoot();
        }
    }

    @Test
    void installsRunsSurvivesARestartUpgradesAndUninstallsCleanly() throws Exception {
        Path deb = packageBuilt();
        String version = deb.getFileName().toString().split("_")[1];

        // The unit file, as systemd reads it: the host's systemd-analyze (its ExecStart must exist, so it points
        // at the chroot's launcher once installed).
        Files.copy(deb, root.resolve("tmp/ganglion.deb"));
        String install = chroot("dpkg", "-i", "/tmp/ganglion.deb");
        assertThat(install).contains("Setting up ganglion (" + version + ")");
        verifyUnit();

        // Installed: files in place, the system user in the dialout group, its data directory, enabled.
        assertThat(root.resolve("usr/share/ganglion/ganglion.jar")).isRegularFile();
        assertThat(Files.isExecutable(root.resolve("usr/bin/ganglion"))).isTrue();
        assertThat(root.resolve("etc/ganglion/gateway.yaml")).isRegularFile();
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/ganglion.service");
        assertThat(Files.readSymbolicLink(wants)).as("enabled").hasToString("/lib/systemd/system/ganglion.service");
        String user = chroot("id", "ganglion");
        assertThat(user).contains("(ganglion)").contains("(dialout)");
        assertThat(chroot("stat", "-c", "%U:%G %a", "/var/lib/ganglion").trim()).isEqualTo("ganglion:ganglion 750");
        assertThat(chroot("dpkg-query", "-W", "-f=${Conffiles}", "ganglion"))
                .contains("/etc/ganglion/gateway.yaml").contains("/etc/default/ganglion");

        // First edits: free ports (Mosquitto, PostgreSQL and other builds run here) and a known device.
        int httpPort = freeTcpPort();
        int mqttPort = freeTcpPort();
        writeConfig(httpPort, mqttPort);

        // Start as the unit would, store a reading, kill -9 (a power cut, a reboot), start again: still there.
        Files.deleteIfExists(TARGET.resolve("gateway-in-chroot.log"));
        startGateway(httpPort);
        assertThat(javaUid()).as("the JVM's uid").isEqualTo(chroot("id", "-u", "ganglion").trim());
        long ts = System.currentTimeMillis();
        publish(mqttPort, ts, 21.5);
        assertThat(readings(httpPort)).contains("21.5");
        stopGateway(true);
        startGateway(httpPort);
        assertThat(readings(httpPort)).contains("21.5");
        assertThat(root.resolve("var/lib/ganglion/ganglion.db")).isRegularFile();
        publish(mqttPort, ts + 1000, 22.5);
        stopGateway(false);
        Path archive = root.resolve("var/lib/ganglion/ganglion-cds.jsa");
        assertThat(archive).as("the class-data archive the JVM writes when the gateway stops").isRegularFile();

        // Upgrade to a higher version of the same package: the edited conffile and the data stay.
        String newer = version + "+upgrade1";
        Path upgrade = repackage(deb, newer);
        Files.copy(upgrade, root.resolve("tmp/ganglion-upgrade.deb"));
        String uid = chroot("id", "-u", "ganglion");
        assertThat(chroot("dpkg", "-i", "/tmp/ganglion-upgrade.deb")).contains("Setting up ganglion (" + newer + ")");
        assertThat(chroot("dpkg-query", "-W", "-f=${Version}", "ganglion")).isEqualTo(newer);
        assertThat(Files.readString(root.resolve("etc/ganglion/gateway.yaml"))).contains(MARKER);
        assertThat(root.resolve("etc/ganglion/gateway.yaml.dpkg-dist")).doesNotExist();
        assertThat(chroot("id", "-u", "ganglion")).isEqualTo(uid);
        startGateway(httpPort);
        assertThat(readings(httpPort)).contains("21.5").contains("22.5");
        stopGateway(false);
        assertThat(Files.getLastModifiedTime(archive))
                .as("a fresh archive for the new jar").isGreaterThan(Files.getLastModifiedTime(
                        root.resolve("usr/share/ganglion/ganglion.jar")));

        // Remove: the program goes; configuration, data and user stay; the unit is masked until reinstalled.
        chroot("dpkg", "-r", "ganglion");
        assertThat(root.resolve("usr/share/ganglion/ganglion.jar")).doesNotExist();
        assertThat(root.resolve("usr/bin/ganglion")).doesNotExist();
        assertThat(root.resolve("var/lib/ganglion/ganglion.db")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/ganglion/gateway.yaml"))).contains(MARKER);
        assertThat(chroot("id", "-u", "ganglion")).isEqualTo(uid);

        // Purge: the data, the configuration and the user go.
        chroot("dpkg", "-P", "ganglion");
        assertThat(root.resolve("var/lib/ganglion")).doesNotExist();
        assertThat(root.resolve("etc/ganglion")).doesNotExist();
        assertThat(root.resolve("etc/default/ganglion")).doesNotExist();
        assertThat(Files.exists(wants, LinkOption.NOFOLLOW_LINKS)).as("still enabled after purge").isFalse();
        assertThat(exec(Duration.ofSeconds(30), chrootCommand("getent", "passwd", "ganglion")).exit()).isNotZero();
        assertThat(exec(Duration.ofSeconds(30), chrootCommand("getent", "group", "ganglion")).exit()).isNotZero();
        Result query = exec(Duration.ofSeconds(30), chrootCommand("dpkg-query", "-W", "-f=${db:Status-Abbrev}",
                "ganglion"));
        assertThat(query.exit() != 0 || query.output().isBlank() || query.output().startsWith("pn"))
                .as("dpkg forgot the purged package: " + query.output()).isTrue();
    }

    // --- the gateway in the chroot ---

    /** The unit's ExecStart, run as its User from its WorkingDirectory, with a clean environment. */
    private static void startGateway(int httpPort) throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/ganglion.service"));
        String execStart = unitValue(unit, "ExecStart");
        String user = unitValue(unit, "User");
        String workingDirectory = unitValue(unit, "WorkingDirectory");
        Path log = TARGET.resolve("gateway-in-chroot.log");
        List<String> command = new ArrayList<>(List.of("chroot", root.toString(), "env", "-i",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
                "sh", "-c", "cd " + workingDirectory + " && exec runuser -u " + user + " -- " + execStart));
        gateway = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                fail("the gateway exited with " + gateway.exitValue() + "; see " + log);
            }
            Optional<String> health = get(httpPort, "/api/v1/health");
            if (health.isPresent()) {
                assertThat(health.get()).contains("\"status\":\"UP\"");
                return;
            }
            Thread.sleep(250);
        }
        fail("the gateway did not answer /api/v1/health within " + START_WAIT.toSeconds() + " s; see " + log);
    }

    /** The real uid of the gateway's JVM, from /proc. */
    private static String javaUid() throws IOException {
        ProcessHandle java = gateway.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under " + gateway.pid()));
        for (String line : Files.readAllLines(Path.of("/proc/" + java.pid() + "/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1];
            }
        }
        throw new AssertionError("no Uid in /proc/" + java.pid() + "/status");
    }

    /** kill -9 of every process of the gateway (a power cut), or SIGTERM to the JVM and a wait (systemctl stop). */
    private static void stopGateway(boolean kill) throws Exception {
        if (gateway == null) {
            return;
        }
        List<ProcessHandle> processes = Stream.concat(Stream.of(gateway.toHandle()), gateway.descendants()).toList();
        if (kill) {
            processes.forEach(ProcessHandle::destroyForcibly);
        } else {
            // The JVM is the last of the chain (chroot, runuser, java): SIGTERM it, as systemd's stop would.
            processes.stream().filter(p -> p.info().command().orElse("").endsWith("java")).forEach(ProcessHandle::destroy);
        }
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                fail("the gateway did not stop within 60 s of SIGTERM");
            }
        }
        gateway = null;
    }

    private static void writeConfig(int httpPort, int mqttPort) throws IOException {
        Path config = root.resolve("etc/ganglion/gateway.yaml");
        String shipped = Files.readString(config);
        String edited = MARKER + "\n" + shipped
                .replace("gatewayId: gateway", "gatewayId: deb-test")
                .replace("  port: 8080", "  port: " + httpPort)
                .replace("    host: 0.0.0.0\n    port: 1883", "    host: 127.0.0.1\n    port: " + mqttPort)
                .replace("  port: 5683\n  dtlsPort: 5684", "  enabled: false")
                .replace("devices: []", "devices:\n  - id: " + DEVICE + "\n    profile: json-telemetry");
        assertThat(edited).contains("port: " + httpPort).contains("host: 127.0.0.1\n    port: " + mqttPort).contains("enabled: false")
                .contains("id: " + DEVICE);
        Files.writeString(config, edited);
    }

    private static void publish(int mqttPort, long ts, double temperature) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqttPort, DEVICE, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        client.connect(options);
        try {
            // QoS 1: acknowledged once the reading is committed to the store.
            client.publish("devices/" + DEVICE + "/telemetry",
                    ("{\"ts\": " + ts + ", \"temperature\": " + temperature + "}").getBytes(StandardCharsets.UTF_8),
                    1, false);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private static String readings(int httpPort) throws Exception {
        return get(httpPort, "/api/v1/devices/" + DEVICE + "/readings?metric=temperature")
                .orElseThrow(() -> new AssertionError("no answer from the gateway"));
    }

    private static Optional<String> get(int port, String path) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }

    // --- the package ---

    /** The package jdeb built last (an earlier build's may still lie beside it without a clean). */
    private static Path packageBuilt() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("ganglion_.*_all\\.deb"))
                    .sorted(Comparator.comparing(DebianPackageTest::modified).reversed()).toList();
            assertThat(debs).as("the package jdeb built in " + TARGET).isNotEmpty();
            return debs.get(0);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same package with a higher version: what an upgrade brings, here without a rebuild of the jar. */
    private static Path repackage(Path deb, String version) throws Exception {
        Path work = TARGET.resolve("upgrade");
        run(Duration.ofSeconds(60), "rm", "-rf", work.toString());
        Files.createDirectories(work);
        run(Duration.ofMinutes(2), "dpkg-deb", "-R", deb.toString(), work.resolve("tree").toString());
        Path control = work.resolve("tree/DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path upgrade = work.resolve("ganglion_" + version + "_all.deb");
        // The jar is compressed already: no second compression.
        run(Duration.ofMinutes(2), "dpkg-deb", "--root-owner-group", "-Znone", "-b", work.resolve("tree").toString(),
                upgrade.toString());
        return upgrade;
    }

    private static void verifyUnit() throws Exception {
        Path dir = TARGET.resolve("unit-verify");
        Files.createDirectories(dir);
        String unit = Files.readString(root.resolve("lib/systemd/system/ganglion.service"));
        Path copy = dir.resolve("ganglion.service");
        Files.writeString(copy, unit.replaceFirst("(?m)^ExecStart=/", "ExecStart=" + root + "/"));
        Result result = exec(Duration.ofSeconds(60), List.of("systemd-analyze", "verify", copy.toString()));
        assertThat(result.exit()).as("systemd-analyze verify: " + result.output()).isZero();
        assertThat(result.output()).as("systemd-analyze verify").doesNotContain("ignoring").doesNotContain("Unknown");
        assertThat(unitValue(unit, "User")).isEqualTo("ganglion");
        assertThat(unitValue(unit, "Restart")).isEqualTo("on-failure");
        assertThat(unitValue(unit, "Type")).isEqualTo("notify");
        assertThat(unitValue(unit, "NotifyAccess")).isEqualTo("all");
        assertThat(unitValue(unit, "WatchdogSec")).isNotBlank();
        assertThat(unitValue(unit, "StateDirectory")).isEqualTo("ganglion");
    }

    private static String unitValue(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertThat(m.find()).as("the unit sets " + key).isTrue();
        return m.group(1).trim();
    }

    // --- the chroot ---

    private static void removeRoot() throws Exception {
        removeTree(root);
    }

    private static List<String> chrootCommand(String... command) {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString(), "env", "-i",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
                "DEBIAN_FRONTEND=noninteractive"));
        full.addAll(Arrays.asList(command));
        return full;
    }

    private static String chroot(String... command) throws Exception {
        Result result = exec(Duration.ofMinutes(5), chrootCommand(command));
        if (result.exit() != 0) {
            fail(String.join(" ", command) + " in the chroot exited with " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
