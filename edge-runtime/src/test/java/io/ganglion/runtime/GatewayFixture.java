package io.ganglion.runtime;

import io.ganglion.drivers.mqtt.BrokerSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.CommandsConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.IngestConfig;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.ProfilesConfig;
import io.ganglion.runtime.config.StoreConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Builds gateway configurations for tests (free ports, a store in a temp dir) and talks to a running gateway. */
final class GatewayFixture {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayFixture() {
    }

    /** Tests never assume that the default CoAP port is free. */
    static final CoapConfig COAP_ON_FREE_PORT = new CoapConfig(null, "127.0.0.1", 0, 0, null, null, null, null, null,
            null, null, null);

    static List<DeviceConfig> devices(String... ids) {
        return Arrays.stream(ids).map(id -> new DeviceConfig(id, JsonTelemetryProfile.ID)).toList();
    }

    static GatewayConfig embedded(Path dir, StoreConfig store, IngestConfig ingest, List<DeviceConfig> devices) {
        return new GatewayConfig("test-gw", new HttpConfig("127.0.0.1", 0),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null)), COAP_ON_FREE_PORT,
                store.withPath(dir.resolve("gw.db")), ingest, null, devices, null, null);
    }

    /** On the embedded endpoint, with firmware profiles from {@code profilesDir} (null: the library only). */
    static GatewayConfig embedded(Path dir, Path profilesDir, List<DeviceConfig> devices) {
        return new GatewayConfig("test-gw", new HttpConfig("127.0.0.1", 0),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null)), COAP_ON_FREE_PORT,
                StoreConfig.defaults().withPath(dir.resolve("gw.db")), null,
                new ProfilesConfig(profilesDir, true, Duration.ofMillis(100)), devices, null, null);
    }

    static GatewayConfig embedded(Path dir, String... deviceIds) {
        return embedded(dir, StoreConfig.defaults(), null, devices(deviceIds));
    }

    static GatewayConfig broker(Path dir, String brokerUrl, String clientId, String... deviceIds) {
        return new GatewayConfig("test-gw", new HttpConfig("127.0.0.1", 0),
                new MqttConfig(new BrokerSettings(brokerUrl, clientId, null, null, 1, null,
                        Duration.ofMillis(100), Duration.ofSeconds(1), null), null), COAP_ON_FREE_PORT,
                StoreConfig.defaults().withPath(dir.resolve("gw.db")), null, null, devices(deviceIds), null, null);
    }

    /** The same configuration with another {@code commands} section. */
    static GatewayConfig withCommands(GatewayConfig c, CommandsConfig commands) {
        return new GatewayConfig(c.gatewayId(), c.http(), c.mqtt(), c.coap(), c.store(), c.ingest(), c.profiles(),
                c.devices(), c.logging(), commands);
    }

    static String endpointUrl(Gateway gateway) {
        return "tcp://127.0.0.1:" + gateway.mqttEndpointPort().orElseThrow();
    }

    record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    static Response get(Gateway gateway, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    static Response post(Gateway gateway, String path, String jsonBody) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** The value of one Prometheus sample, e.g. {@code ganglion_ingest_rejected_total{reason="malformed"}}. */
    static double metric(Gateway gateway, String sample) throws IOException, InterruptedException {
        for (String line : get(gateway, "/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + sample + " in /metrics");
    }
}
