package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.drivers.mqtt.EndpointTls;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.runtime.config.AuthConfig;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.OperatorTokenConfig;
import io.ganglion.runtime.config.OperatorTokenConfig.Role;
import io.ganglion.runtime.config.SyncConfig;
import io.ganglion.runtime.config.TlsConfig;
import io.ganglion.runtime.security.InsecureSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The insecure settings: which configurations produce which items, the WARN lines at start, and the overview's
 * {@code insecure} and {@code attention} lists on a gateway serving plain HTTP on every interface.
 */
class InsecureSettingsTest {
    @TempDir
    Path dir;

    private GatewayConfig on(HttpConfig http) {
        return GatewayFixture.embedded(dir, "d1").withHttp(http);
    }

    private static List<String> whats(InsecureSettings settings) {
        return settings.items().stream().map(InsecureSettings.Item::what).toList();
    }

    @Test
    void loopback_is_never_insecure() {
        for (String host : List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2")) {
            assertThat(whats(InsecureSettings.of(on(new HttpConfig(host, 0))))).as(host).isEmpty();
        }
    }

    @Test
    void every_interface_without_tls_is_an_item_and_without_a_token_a_configuration_error() {
        AuthConfig tokens = new AuthConfig(null, List.of(
                new OperatorTokenConfig("console", Role.ADMIN, "admin-token-0123456789", null)));
        assertThat(whats(InsecureSettings.of(on(new HttpConfig("0.0.0.0", 0, tokens, null)))))
                .containsExactly("http-tls");
        assertThat(whats(InsecureSettings.of(on(new HttpConfig("0.0.0.0", 0, new AuthConfig(false, null), null)))))
                .as("no token on purpose").containsExactly("http-tls");
        TlsConfig tls = new TlsConfig(Path.of("cert.pem"), Path.of("key.pem"));
        assertThat(whats(InsecureSettings.of(on(new HttpConfig("0.0.0.0", 0, tokens, tls))))).isEmpty();

        for (String host : List.of("0.0.0.0", "192.0.2.7", "gateway.site.example")) {
            assertThatThrownBy(() -> new HttpConfig(host, 0)).as(host).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("auth.tokens").hasMessageContaining("at least one token when host is " + host)
                    .hasMessageContaining("auth.required: false");
        }
        assertThat(HttpConfig.defaults().host()).as("loopback unless told otherwise").isEqualTo("127.0.0.1");
    }

    private GatewayConfig mqttOn(EndpointSettings endpoint) {
        GatewayConfig base = GatewayFixture.embedded(dir, "d1");
        return new GatewayConfig(base.gatewayId(), base.http(), new MqttConfig(null, endpoint), base.coap(),
                base.store(), base.ingest(), base.profiles(), base.devices(), base.logging(), base.commands());
    }

    @Test
    void the_mqtt_endpoint_beyond_loopback_without_passwords_or_tls_is_two_items_and_each_setting_removes_one() {
        assertThat(whats(InsecureSettings.of(mqttOn(new EndpointSettings("127.0.0.1", 0, null, null)))))
                .isEmpty();
        assertThat(whats(InsecureSettings.of(mqttOn(new EndpointSettings("0.0.0.0", 1883, null, null)))))
                .containsExactly("mqtt-auth", "mqtt-tls");
        assertThat(whats(InsecureSettings.of(mqttOn(new EndpointSettings("0.0.0.0", 1883, null, null,
                Path.of("mqtt-passwords"), null))))).containsExactly("mqtt-tls");
        EndpointTls serverOnly = new EndpointTls(Path.of("c.pem"), Path.of("k.pem"), null);
        assertThat(whats(InsecureSettings.of(mqttOn(new EndpointSettings("0.0.0.0", 8883, null, null, null,
                serverOnly))))).containsExactly("mqtt-auth");
        EndpointTls clientCertificates = new EndpointTls(Path.of("c.pem"), Path.of("k.pem"), Path.of("ca.pem"));
        assertThat(whats(InsecureSettings.of(mqttOn(new EndpointSettings("0.0.0.0", 8883, null, null, null,
                clientCertificates))))).isEmpty();
        InsecureSettings.Item open = InsecureSettings.of(mqttOn(new EndpointSettings("0.0.0.0", 1883, null, null)))
                .items().get(0);
        assertThat(open.why()).contains("0.0.0.0:1883", "publish as any device");
        assertThat(open.fix()).contains("mqtt.endpoint.passwordFile", "ganglion mqtt-password");
    }

    private GatewayConfig coapOn(CoapConfig coap) {
        GatewayConfig base = GatewayFixture.embedded(dir, "d1");
        return new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), coap, base.store(), base.ingest(),
                base.profiles(), base.devices(), base.logging(), base.commands());
    }

    @Test
    void plain_coap_beyond_loopback_is_an_item_until_every_device_must_use_coaps() {
        Map<String, String> keys = Map.of("d1", "sixteen-byte-key-d1");
        assertThat(whats(InsecureSettings.of(coapOn(CoapConfig.defaults())))).as("0.0.0.0 by default")
                .containsExactly("coap-auth");
        assertThat(whats(InsecureSettings.of(coapOn(new CoapConfig(null, "0.0.0.0", 0, 0, null, null, null, null,
                null, null, null, keys))))).as("keys, but the plain port still open").containsExactly("coap-auth");
        assertThat(whats(InsecureSettings.of(coapOn(new CoapConfig(null, "0.0.0.0", 0, 0, false, null, null, null,
                null, null, null, keys))))).isEmpty();
        assertThat(whats(InsecureSettings.of(coapOn(CoapConfig.disabled())))).isEmpty();
        assertThat(whats(InsecureSettings.of(coapOn(new CoapConfig(null, "127.0.0.1", 0, 0, null, null, null, null,
                null, null, null, null))))).isEmpty();
        InsecureSettings.Item open = InsecureSettings.of(coapOn(CoapConfig.defaults())).items().get(0);
        assertThat(open.why()).contains("0.0.0.0:5683");
        assertThat(open.fix()).contains("coap.psk", "coap.plainEnabled: false");
    }

    @Test
    void sync_over_plain_http_to_another_host_is_an_item() {
        GatewayConfig base = GatewayFixture.embedded(dir, "d1");
        assertThat(whats(InsecureSettings.of(base.withSync(sync("http://cloud.site.example:8080")))))
                .containsExactly("sync-tls");
        assertThat(InsecureSettings.of(base.withSync(sync("http://cloud.site.example:8080"))).items().get(0).why())
                .contains("cloud.site.example", "token").doesNotContain("sync-token-0123456789");
        assertThat(whats(InsecureSettings.of(base.withSync(sync("https://cloud.site.example:8443"))))).isEmpty();
        assertThat(whats(InsecureSettings.of(base.withSync(sync("http://127.0.0.1:8080"))))).isEmpty();
        assertThat(whats(InsecureSettings.of(base.withSync(SyncConfig.defaults())))).as("no sync").isEmpty();
    }

    private static SyncConfig sync(String endpoint) {
        return new SyncConfig(null, endpoint, "sync-token-0123456789", null, null, null, null, null, null, null);
    }

    @Test
    void a_gateway_open_on_every_interface_warns_at_start_and_shows_it_on_the_overview() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger log = context.getLogger(Gateway.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.setContext(context);
        warnings.start();
        log.addAppender(warnings);
        // No token on purpose (a proxy in front authenticates), but plain HTTP on every address.
        try (Gateway gateway = Gateway.start(on(new HttpConfig("0.0.0.0", 0, new AuthConfig(false, null), null)),
                "test")) {
            assertThat(warnings.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .satisfiesExactly(tls -> assertThat(tls).contains("insecure setting (http-tls)", "0.0.0.0",
                            "plain HTTP", "http.tls.certPath"));

            JsonObject overview = get(gateway, "/api/v1/overview").json();
            JsonArray insecure = overview.getJsonArray("insecure");
            assertThat(insecure.stream().map(i -> ((JsonObject) i).getString("what"))).containsExactly("http-tls");
            assertThat(insecure.getJsonObject(0).getString("fix")).contains("http.tls.certPath");
            assertThat(overview.getJsonArray("attention").stream().map(a -> ((JsonObject) a).getString("what")))
                    .containsExactly("http-tls");
        } finally {
            log.detachAppender(warnings);
        }
    }
}
