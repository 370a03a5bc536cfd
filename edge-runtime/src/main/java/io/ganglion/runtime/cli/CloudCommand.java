package io.ganglion.runtime.cli;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudConfigLoader;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.LoggingConfig;
import io.ganglion.runtime.config.LoggingSetup;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion cloud --config cloud.yaml}: the cloud sync endpoint, until SIGTERM or Ctrl-C, which stop it
 * cleanly (the listener first, then the store; in-flight batches either commit or are not acknowledged).
 */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "Run the cloud sync endpoint that takes batches from gateways (see docs/cloud.md).")
final class CloudCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the endpoint configuration")
    Path config;

    @Override
    public Integer call() throws Exception {
        CloudConfig cloudConfig;
        try {
            cloudConfig = new CloudConfigLoader().load(config);
            checkTlsFiles(cloudConfig);
        } catch (ConfigException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        LoggingSetup.apply(LoggingConfig.defaults());
        Vertx vertx = Vertx.vertx();
        CloudEndpoint endpoint;
        try {
            endpoint = CloudEndpoint.start(vertx, cloudConfig).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("the cloud endpoint could not start: " + e.getMessage());
            vertx.close().await(20, TimeUnit.SECONDS);
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                endpoint.close().await(20, TimeUnit.SECONDS);
                vertx.close().await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("the cloud endpoint did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "ganglion-cloud-shutdown"));
        CloudConfig.Storage storage = cloudConfig.storage();
        System.out.println("Ganglion cloud endpoint listening on " + endpoint.url() + " ("
                + cloudConfig.gateways().size() + " gateways; storage: "
                + (storage.postgres() != null ? storage.postgres() : "SQLite " + storage.sqlite().path()) + ")");
        System.out.println("  Batches:   POST " + endpoint.url() + "/api/v1/gateways/{gatewayId}/batches");
        System.out.println("  Fleet:     " + endpoint.url() + "/api/v1/gateways");
        System.out.println("  Metrics:   " + endpoint.url() + "/metrics");
        System.out.println("  Summaries: " + endpoint.url() + "/api/v1/summaries?gateway=&device=&metric=&from=&to=");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return GanglionCommand.EXIT_OK;
    }

    /** A missing certificate or key is a configuration error (exit 2), not a start-up failure. */
    private void checkTlsFiles(CloudConfig cloudConfig) throws ConfigException {
        if (cloudConfig.tls() == null) {
            return;
        }
        CloudConfig.Tls tls = cloudConfig.tls();
        for (String key : new String[] {"certPath", "keyPath", "clientCaPath"}) {
            Path file = switch (key) {
                case "certPath" -> tls.certPath();
                case "keyPath" -> tls.keyPath();
                default -> tls.clientCaPath();
            };
            if (file != null && !Files.isReadable(file)) {
                // Relative paths are taken from the working directory, as Vert.x opens them.
                throw new ConfigException(config, "tls." + key, 0, "expected a readable PEM file, got " + file
                        + " (resolved to " + file.toAbsolutePath().normalize() + ")");
            }
        }
    }
}
