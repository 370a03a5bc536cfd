package io.ganglion.runtime.cli;

import io.ganglion.drivers.coap.CoapSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.LoggingConfig;
import io.ganglion.runtime.config.LoggingSetup;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.config.SyncConfig;
import io.ganglion.runtime.demo.DemoCloud;
import io.ganglion.runtime.demo.DemoDevices;
import io.ganglion.profiles.JsonTelemetryProfile;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion demo}: a gateway on embedded defaults (its own MQTT endpoint, a SQLite store under data/demo) with
 * built-in virtual devices publishing to it, syncing 10 s summaries to the cloud endpoint ({@code ganglion cloud} on
 * SQLite, data/demo/cloud.db) in the same process. Uses the default ports when they are free and free ones otherwise, and
 * prints every URL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a gateway with built-in virtual devices on embedded defaults; prints the URLs to open.")
final class DemoCommand implements Callable<Integer> {
    static final String GATEWAY_ID = "demo-gateway";
    /** The demo's cloud endpoint, when free (the gateway's own HTTP has 8080). */
    static final int CLOUD_PORT = 8090;
    static final Duration SYNC_WINDOW = Duration.ofSeconds(10);

    @Option(names = "--data-dir", defaultValue = "data/demo", paramLabel = "DIR",
            description = "where the demo keeps its database (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "stop by itself after this many seconds (default: run until Ctrl-C)")
    Long durationSeconds;

    @Override
    public Integer call() {
        LoggingSetup.apply(LoggingConfig.defaults());
        int httpPort = preferredOrFree(HttpConfig.DEFAULT_PORT);
        int mqttPort = preferredOrFree(EndpointSettings.DEFAULT_PORT);
        int coapPort = preferredUdpOrFree(CoapSettings.DEFAULT_PORT);
        DemoCloud cloud;
        try {
            cloud = DemoCloud.start(dataDir, preferredOrFree(CLOUD_PORT), GATEWAY_ID);
        } catch (Exception e) {
            System.err.println("the demo's cloud endpoint could not start: " + e.getMessage());
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        }
        GatewayConfig config = new GatewayConfig(GATEWAY_ID,
                new HttpConfig("127.0.0.1", httpPort),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", mqttPort, null, null)),
                new CoapConfig(null, "127.0.0.1", coapPort, null, null, null, null, null, null, null, null),
                StoreConfig.defaults().withPath(dataDir.resolve("ganglion.db")),
                null,
                null,
                DemoDevices.INTERSECTION.stream()
                        .map(d -> new DeviceConfig(d.id(), JsonTelemetryProfile.ID)).toList(),
                null, null)
                // Short windows, so that the cloud shows summaries within seconds of the start.
                .withSync(new SyncConfig(true, cloud.url(), DemoCloud.TOKEN, null, null, SYNC_WINDOW,
                        Duration.ofSeconds(2), null, null, null));
        DemoDevices[] devices = new DemoDevices[1];
        int exit = RunUntilStopped.run(() -> Gateway.start(config, "demo defaults"), gateway -> {
            String mqttUrl = "tcp://127.0.0.1:" + gateway.mqttEndpointPort().orElseThrow();
            try {
                devices[0] = DemoDevices.start(mqttUrl, DemoDevices.INTERSECTION, 42);
            } catch (Exception e) {
                throw new IllegalStateException("demo devices could not connect to " + mqttUrl, e);
            }
            printUrls(gateway, mqttUrl, cloud.url());
        }, durationSeconds == null ? null : Duration.ofSeconds(durationSeconds), cloud::close);
        if (devices[0] != null) {
            devices[0].close();
        }
        cloud.close(); // already closed after the gateway, unless the gateway never started
        return exit;
    }

    private static void printUrls(Gateway gateway, String mqttUrl, String cloudUrl) {
        String http = "http://127.0.0.1:" + gateway.httpPort();
        System.out.println();
        System.out.println("Ganglion demo is running with " + DemoDevices.INTERSECTION.size()
                + " virtual devices publishing once a second.");
        System.out.println("  Devices:  " + http + "/api/v1/devices");
        System.out.println("  Readings: " + http + "/api/v1/devices/" + DemoDevices.INTERSECTION.get(0).id()
                + "/readings?limit=10");
        System.out.println("  Health:   " + http + "/api/v1/health");
        System.out.println("  Metrics:  " + http + "/metrics");
        System.out.println("  MQTT:     " + mqttUrl + "  (publish JSON to devices/{id}/telemetry)");
        gateway.coapPort().ifPresent(port -> System.out.println("  CoAP:     coap://127.0.0.1:" + port
                + "  (POST JSON to devices/{id}/telemetry)"));
        System.out.println("  Store:    " + gateway.config().store().path().toAbsolutePath());
        System.out.println("  Sync:     " + http + "/api/v1/sync  (to the cloud endpoint below, "
                + SYNC_WINDOW.toSeconds() + " s windows)");
        System.out.println("  Cloud:    " + cloudUrl + "/api/v1/summaries?gateway=" + GATEWAY_ID
                + "  (ganglion cloud on SQLite)");
        System.out.println("Press Ctrl-C to stop.");
        System.out.println();
    }

    /** The default port when nothing listens on it, else 0 (the demo must run beside other services). */
    static int preferredOrFree(int preferred) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", preferred));
            return preferred;
        } catch (IOException taken) {
            return 0; // the listener asks the OS for a free port and the demo prints the one it got
        }
    }

    /** The same for a UDP port (CoAP). */
    static int preferredUdpOrFree(int preferred) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", preferred))) {
            return preferred;
        } catch (IOException taken) {
            return 0;
        }
    }
}
