package io.ganglion.runtime.security;

import io.ganglion.drivers.coap.CoapSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.Loopback;
import io.ganglion.runtime.config.SyncConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * What in a configuration leaves the gateway open to the network, computed once at start: each item is logged at
 * WARN when the gateway starts and shown on the dashboard's overview (in {@code insecure} and {@code attention}) for
 * as long as it runs. To add a check, add a function to {@link #CHECKS}.
 */
public final class InsecureSettings {
    /**
     * One insecure setting.
     *
     * @param what a short stable id, e.g. {@code http-tls} (the dashboard and tests key on it)
     * @param why  the risk, in words, with the address concerned
     * @param fix  the setting that removes it
     */
    public record Item(String what, String why, String fix) {
        JsonObject toJson() {
            return new JsonObject().put("what", what).put("why", why).put("fix", fix);
        }
    }

    private static final List<Function<GatewayConfig, Optional<Item>>> CHECKS = List.of(
            InsecureSettings::httpWithoutTls,
            InsecureSettings::mqttWithoutAuth,
            InsecureSettings::mqttWithoutTls,
            InsecureSettings::coapWithoutDtls,
            InsecureSettings::syncWithoutTls);

    private final List<Item> items;

    private InsecureSettings(List<Item> items) {
        this.items = List.copyOf(items);
    }

    public static InsecureSettings of(GatewayConfig config) {
        List<Item> found = new ArrayList<>();
        for (Function<GatewayConfig, Optional<Item>> check : CHECKS) {
            check.apply(config).ifPresent(found::add);
        }
        return new InsecureSettings(found);
    }

    public static InsecureSettings none() {
        return new InsecureSettings(List.of());
    }

    public List<Item> items() {
        return items;
    }

    /** One WARN line per item: the operator sees each risk once per start, not on every request. */
    public void logWarnings(Logger log) {
        for (Item item : items) {
            log.warn("insecure setting ({}): {}; {}", item.what(), item.why(), item.fix());
        }
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        items.forEach(item -> array.add(item.toJson()));
        return array;
    }

    /** The gateway's own MQTT endpoint beyond loopback with neither passwords nor client certificates. */
    private static Optional<Item> mqttWithoutAuth(GatewayConfig config) {
        if (config.mqtt().usesExternalBroker()) {
            return Optional.empty(); // the broker authenticates the devices
        }
        EndpointSettings endpoint = config.mqtt().endpoint();
        boolean certificates = endpoint.tls() != null && endpoint.tls().clientCa() != null;
        if (endpoint.passwordFile() != null || certificates || Loopback.isLoopback(endpoint.host())) {
            return Optional.empty();
        }
        return Optional.of(new Item("mqtt-auth", "the MQTT endpoint on " + endpoint.host() + ":" + endpoint.port()
                + " lets any client connect and publish as any device",
                "set mqtt.endpoint.passwordFile (ganglion mqtt-password) or mqtt.endpoint.tls.clientCa"));
    }

    private static Optional<Item> mqttWithoutTls(GatewayConfig config) {
        if (config.mqtt().usesExternalBroker()) {
            return Optional.empty();
        }
        EndpointSettings endpoint = config.mqtt().endpoint();
        if (endpoint.tls() != null || Loopback.isLoopback(endpoint.host())) {
            return Optional.empty();
        }
        return Optional.of(new Item("mqtt-tls", "the MQTT endpoint on " + endpoint.host() + ":" + endpoint.port()
                + " is plain TCP: device passwords and readings cross the network readable and alterable",
                "set mqtt.endpoint.tls.certificate and mqtt.endpoint.tls.key"));
    }

    private static Optional<Item> httpWithoutTls(GatewayConfig config) {
        HttpConfig http = config.http();
        if (http.tls() != null || Loopback.isLoopback(http.host())) {
            return Optional.empty();
        }
        return Optional.of(new Item("http-tls", "the REST API and the dashboard on " + http.host()
                + " use plain HTTP: tokens and data cross the network readable and alterable",
                "set http.tls.certPath and http.tls.keyPath"));
    }

    /**
     * Plain CoAP beyond loopback: anyone on the device network may post as any device, unseen and unauthenticated.
     * With keys for some devices the plain port still takes the others, so it counts whatever {@code psk} holds.
     */
    private static Optional<Item> coapWithoutDtls(GatewayConfig config) {
        CoapConfig coap = config.coap();
        if (!coap.enabled()) {
            return Optional.empty();
        }
        CoapSettings settings = coap.settings();
        if (!settings.plainEnabled() || Loopback.isLoopback(settings.host())) {
            return Optional.empty();
        }
        return Optional.of(new Item("coap-auth", "plain CoAP on " + settings.host() + ":" + settings.port()
                + " takes any device's readings from anyone who can send a datagram, readable and alterable on the way",
                "give each device a key under coap.psk and set coap.plainEnabled: false (or coap.host: 127.0.0.1)"));
    }

    /** Sync over plain HTTP to another host: the gateway's token and every summary cross the network readable. */
    private static Optional<Item> syncWithoutTls(GatewayConfig config) {
        SyncConfig sync = config.sync();
        if (!sync.enabled() || sync.endpoint() == null) {
            return Optional.empty();
        }
        URI endpoint = URI.create(sync.endpoint()); // checked when the file was read: a scheme and a host
        if ("https".equalsIgnoreCase(endpoint.getScheme()) || Loopback.isLoopback(endpoint.getHost())) {
            return Optional.empty();
        }
        return Optional.of(new Item("sync-tls", "sync sends the gateway's token and its summaries to "
                + endpoint.getHost() + " over plain HTTP: readable and alterable on the way",
                "use an https:// sync.endpoint (with sync.trustPem for a private CA)"));
    }
}
