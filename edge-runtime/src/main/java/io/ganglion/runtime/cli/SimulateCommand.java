package io.ganglion.runtime.cli;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.DurationSyntax;
import io.ganglion.sim.check.CheckReport;
import io.ganglion.sim.check.EndOfRunCheck;
import io.ganglion.sim.check.GatewayClient;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.MqttSettings;
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

    @Option(names = "--mqtt-user", paramLabel = "USER", description = "the MQTT user name of every device")
    String mqttUser;

    @Option(names = "--mqtt-password", interactive = true, arity = "0", paramLabel = "PASSWORD",
            description = "ask for the MQTT password (not echoed)")
    char[] mqttPassword;

    @Option(names = "--mqtt-password-env", paramLabel = "NAME",
            description = "read the MQTT password from this environment variable (never printed)")
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
            Runner.Builder builder = Runner.builder(plan)
                    .mqtt(mqttSettings())
                    .coap(CoapSettings.of(target, coapPort, coapsPort))
                    .speed(speed)
                    .progressEvery(progress, p -> out.println(p.describe()))
                    .drainTimeout(drain);
            if (duration != null) {
                builder.runFor(duration);
            }
            runner = builder.build();
            out.printf(Locale.ROOT, "scenario %s: %d devices against %s (MQTT %d, CoAP %d, CoAPS %d), speed %s%n",
                    plan.scenario().name(), plan.fleet().size(), target, mqttPort, coapPort, coapsPort, speed);
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
        MqttSettings settings = MqttSettings.of(target, mqttPort);
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
        if (password != null && mqttUser == null) {
            throw new IllegalArgumentException("an MQTT password needs --mqtt-user");
        }
        return mqttUser == null ? settings : settings.withCredentials(mqttUser, password);
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
