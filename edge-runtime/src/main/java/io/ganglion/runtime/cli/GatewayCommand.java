package io.ganglion.runtime.cli;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.GatewayConfigLoader;
import io.ganglion.runtime.config.LoggingSetup;
import io.ganglion.runtime.ops.SystemdNotifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion gateway --config gateway.yaml}: runs the gateway until SIGTERM or Ctrl-C. Under systemd (a
 * {@code NOTIFY_SOCKET}) it reports ready once listening and feeds the service's watchdog while its health is not
 * DOWN ({@link SystemdNotifier}).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the gateway with a YAML configuration (see docs/configuration.md).")
final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the gateway configuration")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = new GatewayConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        LoggingSetup.apply(gatewayConfig.logging());
        // Under systemd: READY=1 once listening, watchdog pings while health is not DOWN, STOPPING=1 before closing.
        AtomicReference<SystemdNotifier> systemd = new AtomicReference<>();
        return RunUntilStopped.run(() -> Gateway.start(gatewayConfig, config.toString()),
                gateway -> SystemdNotifier.fromEnvironment().ifPresent(notifier -> {
                    systemd.set(notifier);
                    notifier.ready("gateway '" + gatewayConfig.gatewayId() + "' ready, HTTP on port "
                            + gateway.httpPort(), () -> !"DOWN".equals(gateway.health().getString("status")));
                }), null, () -> {
                    SystemdNotifier notifier = systemd.getAndSet(null);
                    if (notifier != null) {
                        notifier.close();
                    }
                }, () -> { });
    }
}
