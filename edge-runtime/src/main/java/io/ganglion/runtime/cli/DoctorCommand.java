package io.ganglion.runtime.cli;

import io.ganglion.runtime.doctor.Doctor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion doctor [--config FILE]}: checks that a gateway with this configuration can start and work here, and
 * prints one line per finding with what to fix (docs/operations.md, "Checking a gateway").
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a gateway's configuration, ports, disk, store, broker, cloud, GPIO, models and "
                + "security settings, and print what to fix.",
                "Exit code: 0 nothing to fix (warnings are advice), 1 something to fix, 2 the configuration does not "
                        + "load."})
final class DoctorCommand implements Callable<Integer> {
    /** The file the Debian package installs, used when there is no gateway.yaml in the working directory. */
    static final Path INSTALLED_CONFIG = Path.of("/etc/ganglion/gateway.yaml");
    static final Path LOCAL_CONFIG = Path.of("gateway.yaml");

    @Option(names = "--config", paramLabel = "FILE",
            description = "the gateway configuration (default: ./gateway.yaml, else /etc/ganglion/gateway.yaml)")
    Path config;

    @Override
    public Integer call() {
        Path file = config != null ? config
                : Files.exists(LOCAL_CONFIG) || !Files.exists(INSTALLED_CONFIG) ? LOCAL_CONFIG : INSTALLED_CONFIG;
        return switch (Doctor.examine(file, System.out)) {
            case PASS -> GanglionCommand.EXIT_OK;
            case NEEDS_FIXING -> GanglionCommand.EXIT_RUNTIME_FAILURE;
            case CONFIGURATION_INVALID -> GanglionCommand.EXIT_INVALID;
        };
    }
}
