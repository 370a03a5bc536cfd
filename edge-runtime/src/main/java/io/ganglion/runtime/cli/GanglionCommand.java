package io.ganglion.runtime.cli;

import io.ganglion.runtime.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ganglion} command line. Exit codes: 0 ok, 2 bad usage or invalid configuration (the message names the
 * file, key and line, and what was expected), 1 runtime failure ({@code doctor}: something to fix).
 */
@Command(name = "ganglion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Ganglion: an AIoT edge gateway for MQTT, CoAP and GPIO devices, with a durable local store.",
        subcommands = {GatewayCommand.class, CloudCommand.class, DemoCommand.class, ProfilesCommand.class,
                InferCommand.class, BenchCommand.class, SimulateCommand.class, MqttPasswordCommand.class,
                DoctorCommand.class})
public final class GanglionCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME_FAILURE = 1;
    public static final int EXIT_INVALID = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; for tests and for {@link #main}. */
    public static int run(String... args) {
        // picocli's own exit codes match our contract: 2 for invalid input, 1 for an exception while running.
        return new CommandLine(new GanglionCommand()).execute(args);
    }
}
