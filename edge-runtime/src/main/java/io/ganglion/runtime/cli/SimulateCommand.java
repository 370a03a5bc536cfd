package io.ganglion.runtime.cli;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.DurationSyntax;
import io.ganglion.sim.check.CheckReport;
import io.ganglion.sim.check.EndOfRunCheck;
import io.ganglion.sim.check.GatewayClient;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.ClientCertificates;
import io.ganglion.sim.net.DevicePasswords;
import io.ganglion.sim.net.MqttLogins;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.net.MqttTls;
import io.ganglion.sim.net.MqttUrl;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.RunStats;
import io.ganglion.sim.run.Runner;
import io.ganglion.sim.scenario.LoadedScenario;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion simulate --scenario NAME|FILE}: plays a scenario (docs/simulator.md) against a gateway over MQTT
 * and CoAP, prints progress and the totals, and with {@code --check} asks the gateway's REST API whether its store
 * holds every acknowledged reading once. Exit codes: 0 ok, 2 an invalid scenario or option, 1 a failure while running
 * or a failed check. Ctrl-C (SIGTERM) ends the run early: the runner drains and closes, and the totals (and the check)
 * are printed before the process exits.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Play a device scenario (a shipped name or a file, see docs/simulator.md) against a gateway;"
                + " with --check, compare what the gateway stored with what it acknowledged.")
final class SimulateCommand implements Callable<Integer> {
    /** How long the shutdown hook waits for the run to drain, close and print after Ctrl-C. */
    private static final Duration HOOK_WAIT = Duration.ofSeconds(60);

    enum Report { all, failures }

    @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
            description = "a shipped scenario (intersection, factory) or a scenario file")
    String scenario;

    @Option(names = "--target", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "the host of the MQTT broker and of the gateway's CoAP ports (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--mqtt-port", defaultValue = "1883", paramLabel = "PORT",
            description = "the MQTT broker's port (default: ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(names = "--coap-port", defaultValue = "5683", paramLabel = "PORT",
            description = "the gateway's CoAP port (default: ${DEFAULT-VALUE})")
    int coapPort;

    @Option(names = "--coaps-port", defaultValue = "5684", paramLabel = "PORT",
            description = "the gateway's CoAPS (DTLS) port (default: ${DEFAULT-VALUE})")
    int coapsPort;

    @Option(names = "--api", paramLabel = "URL",
            description = "the gateway's REST API, for --check (default: http://HOST:8080)")
    URI api;

    @Option(names = "--mqtt-url", paramLabel = "URL",
            description = "the MQTT broker as tcp://, mqtt://, ssl:// or mqtts:// HOST[:PORT] (ports 1883 and 8883 by"
                    + " default); replaces --target and --mqtt-port for MQTT; ssl:// and mqtts:// are MQTT over TLS")
    String mqttUrl;

    @Option(names = "--mqtt-ca", paramLabel = "FILE",
            description = "over TLS: PEM CA certificates the broker's certificate must chain to (default: the JVM's"
                    + " trusted CAs); its name is always checked against the URL's host")
    Path mqttCa;

    @Option(names = "--mqtt-cert", paramLabel = "FILE|DIR",
            description = "over TLS: a client certificate (PEM) every device presents, with --mqtt-key; or a folder"
                    + " with DEVICE.crt and DEVICE.key for each device")
    Path mqttCert;

    @Option(names = "--mqtt-key", paramLabel = "FILE", description = "the PEM private key of a --mqtt-cert file")
    Path mqttKey;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE",
            description = "each device logs in as itself (user name = device id) with its password from FILE's"
                    + " deviceId:password lines")
    Path mqttPasswordFile;

    @Option(names = "--mqtt-user", paramLabel = "USER",
            description = "the MQTT user name of every device (default with a password: each device's own id)")
    String mqttUser;

    @Option(names = "--mqtt-password", interactive = true, arity = "0", paramLabel = "PASSWORD",
            description = "ask for the MQTT password of every device (not echoed)")
    char[] mqttPassword;

    @Option(names = "--mqtt-password-env", paramLabel = "NAME",
            description = "read the MQTT password of every device from this environment variable (never printed)")
    String mqttPasswordEnv;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X",
            description = "simulated seconds per wall second, 0.001 to 1000 (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "end the run this long (simulated) after its start, e.g. 10m (default: the scenario's"
                    + " duration, else until Ctrl-C)")
    Duration duration;

    @Option(names = "--progress", defaultValue = "10s", paramLabel = "INTERVAL", converter = DurationConverter.class,
            description = "a progress line this often, 0s for none but the last (default: ${DEFAULT-VALUE})")
    Duration progress;

    @Option(names = "--drain", defaultValue = "10s", paramLabel = "TIMEOUT", converter = DurationConverter.class,
            description = "at the end, how long to wait for outstanding acknowledgements (default: ${DEFAULT-VALUE})")
    Duration drain;

    @Option(names = "--check", description = "run the end-of-run check against --api; exit code 1 unless it passes")
    boolean check;

    @Option(names = "--settle", defaultValue = "5s", paramLabel = "TIMEOUT", converter = DurationConverter.class,
            description = "with --check, how long to repeat a check that finds readings missing, while the gateway"
                    + " stores what its broker still forwards (default: ${DEFAULT-VALUE})")
    Duration settle;

    @Option(names = "--report", defaultValue = "failures", paramLabel = "all|failures",
            description = "the check's lines: all of them, or those not OK (default: ${DEFAULT-VALUE})")
    Report report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        LoadedScenario loaded;
        try {
            ScenarioLoader loader = new ScenarioLoader();
            // A bare word that is no file is meant as a shipped name: say which ones there are.
            boolean bareName = !scenario.contains("/") && !scenario.contains("\\") && !scenario.endsWith(".yaml")
                    && !scenario.endsWith(".yml") && !Files.exists(Path.of(scenario));
            loaded = bareName ? loader.loadShipped(scenario) : loader.loadNamed(scenario);
        } catch (ConfigException e) {
            err.println("invalid scenario: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        Runner runner;
        try {
            Plan plan = Plan.of(loaded, Instant.now());
            MqttSettings mqtt = mqttSettings();
            Runner.Builder builder = Runner.builder(plan)
                    .mqtt(mqtt)
                    .coap(CoapSettings.of(target, coapPort, coapsPort))
                    .speed(speed)
                    .progressEvery(progress, p -> out.println(p.describe()))
                    .drainTimeout(drain);
            if (duration != null) {
                builder.runFor(duration);
            }
            runner = builder.build();
            out.printf(Locale.ROOT, "scenario %s: %d devices against %s (MQTT %s, CoAP %d, CoAPS %d), speed %s%n",
                    plan.scenario().name(), plan.fleet().size(), target, mqttUrl == null ? String.valueOf(mqttPort)
                            : mqtt.host() + ":" + mqtt.port() + (mqtt.tls() != null ? " over TLS" : ""),
                    coapPort, coapsPort, speed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }

        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.stop();
            try {
                finished.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ganglion-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunResult result = runner.run();
            printTotals(out, result);
            RunStats.Snapshot totals = result.totals();
            if (totals.sent() == 0 && totals.dropped() > 0) {
                err.printf(Locale.ROOT, "nothing was sent: %,d messages dropped, %,d connection attempts failed;"
                        + " is the target reachable?%n", totals.dropped(), totals.connectFailures());
                return GanglionCommand.EXIT_RUNTIME_FAILURE;
            }
            if (!check) {
                return GanglionCommand.EXIT_OK;
            }
            CheckReport checked = check(result);
            checked.describe(report == Report.all).forEach(out::println);
            return checked.passed() ? GanglionCommand.EXIT_OK : GanglionCommand.EXIT_RUNTIME_FAILURE;
        } catch (RuntimeException e) {
            err.println("the simulation failed: " + e);
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for the latch above
            }
        }
    }

    private MqttSettings mqttSettings() {
        MqttUrl url = mqttUrl == null ? new MqttUrl(target, mqttPort, false) : MqttUrl.parse("--mqtt-url", mqttUrl);
        MqttSettings settings = MqttSettings.of(url.host(), url.port());
        if (url.tls()) {
            settings = settings.withTls(MqttTls.of("--mqtt-ca", mqttCa, clientCertificates()));
        } else {
            for (String option : new String[] {mqttCa == null ? null : "--mqtt-ca",
                    mqttCert == null ? null : "--mqtt-cert", mqttKey == null ? null : "--mqtt-key"}) {
                if (option != null) {
                    throw new IllegalArgumentException(option + ": expected with an ssl:// or mqtts:// --mqtt-url"
                            + " only, got " + (mqttUrl == null ? "plain MQTT (no --mqtt-url)" : "'" + mqttUrl + "'"));
                }
            }
        }
        return settings.withLogins(logins());
    }

    /** One certificate for all (a file, with --mqtt-key) or one per device (a folder of DEVICE.crt and DEVICE.key). */
    private ClientCertificates clientCertificates() {
        if (mqttCert == null) {
            if (mqttKey != null) {
                throw new IllegalArgumentException("--mqtt-key: expected with a --mqtt-cert file only, got no"
                        + " --mqtt-cert");
            }
            return null;
        }
        if (Files.isDirectory(mqttCert)) {
            if (mqttKey != null) {
                throw new IllegalArgumentException("--mqtt-key: expected none with a --mqtt-cert folder (each"
                        + " device's key is DEVICE.key in " + mqttCert + "), got " + mqttKey);
            }
            return ClientCertificates.perDevice("--mqtt-cert", mqttCert);
        }
        if (mqttKey == null && Files.exists(mqttCert)) {
            throw new IllegalArgumentException("--mqtt-key: expected the PEM private key of --mqtt-cert " + mqttCert
                    + ", got none");
        }
        return mqttKey == null ? ClientCertificates.perDevice("--mqtt-cert", mqttCert)
                : ClientCertificates.oneForAll("--mqtt-cert", mqttCert, "--mqtt-key", mqttKey);
    }

    private MqttLogins logins() {
        String password = null;
        if (mqttPasswordEnv != null) {
            password = System.getenv(mqttPasswordEnv);
            if (password == null) {
                throw new IllegalArgumentException("--mqtt-password-env: the environment variable " + mqttPasswordEnv
                        + " is not set");
            }
        } else if (mqttPassword != null) {
            password = new String(mqttPassword);
        }
        if (mqttPasswordFile != null) {
            if (password != null || mqttUser != null) {
                throw new IllegalArgumentException("--mqtt-password-file: expected alone (its device ids are the user"
                        + " names and it holds every password), got it with "
                        + (mqttUser != null ? "--mqtt-user" : "another password option"));
            }
            return MqttLogins.deviceIdWith(DevicePasswords.load(mqttPasswordFile));
        }
        if (mqttUser != null) {
            return MqttLogins.shared(mqttUser, password);
        }
        // The gateway's own endpoint wants each device under its own id: one password for all still means that.
        return password == null ? MqttLogins.none() : MqttLogins.deviceIdWith(password);
    }

    private CheckReport check(RunResult result) throws InterruptedException {
        URI base = api != null ? api : URI.create("http://" + target + ":8080");
        return EndOfRunCheck.afterRun(new GatewayClient(base, Duration.ofSeconds(10)), result, settle);
    }

    private static void printTotals(PrintStream out, RunResult result) {
        RunStats.Snapshot t = result.totals();
        out.printf(Locale.ROOT, "%s after %d s of wall time, simulated %s to %s%n",
                result.stopped() ? "stopped" : "finished", result.elapsed().toSeconds(), result.simulatedFrom(),
                result.simulatedTo());
        out.printf(Locale.ROOT, "totals: %,d sent, %,d acknowledged, %,d rejected, %,d failed, %,d dropped, %,d skipped;"
                        + " %,d connects (%,d failed, %,d drops, %,d closed by the peer)%n", t.sent(),
                t.acknowledged(), t.rejected(), t.failed(), t.dropped(), t.skipped(), t.connects(),
                t.connectFailures(), t.drops(), t.unexpectedCloses());
        if (!result.notSimulated().isEmpty()) {
            out.println("not simulated (GPIO, only in the gateway's process): "
                    + String.join(", ", result.notSimulated()));
        }
        if (result.unsettled() > 0) {
            out.printf(Locale.ROOT, "%,d messages still unconfirmed when the drain timed out%n", result.unsettled());
        }
    }

    /** Durations as in configuration files: 500ms, 10s, 5m, 1h, 7d. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationSyntax.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected " + DurationSyntax.EXPECTATION + ", got '"
                        + value + "'");
            }
        }
    }
}
