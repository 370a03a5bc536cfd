package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's routes on a real gateway: the pages from the jar with caching headers, the redirects, the
 * overview's figures and what it marks for attention, and the live stream's refusal of a request without a device.
 */
class DashboardRoutesTest {
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> raw(Gateway gateway, String method, String path) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_pages_are_served_from_the_jar_with_caching_headers_and_the_root_redirects_to_them() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "d1"), "test")) {
            assertThat(raw(gateway, "GET", "/").headers().firstValue("location")).hasValue("/dashboard/");
            assertThat(raw(gateway, "GET", "/dashboard").headers().firstValue("location")).hasValue("/dashboard/");

            HttpResponse<String> index = raw(gateway, "GET", "/dashboard/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("<title>Overview · Ganglion</title>", "js/overview.js");
            assertThat(index.headers().firstValue("cache-control")).hasValueSatisfying(
                    v -> assertThat(v).contains("max-age=60"));
            assertThat(index.headers().firstValue("content-security-policy")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("default-src 'self'"));
            assertThat(raw(gateway, "HEAD", "/dashboard/js/common.js").statusCode()).isEqualTo(200);
            HttpResponse<String> script = raw(gateway, "GET", "/dashboard/js/common.js");
            assertThat(script.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).contains("javascript"));
            assertThat(raw(gateway, "GET", "/dashboard/../application.yaml").statusCode()).isNotEqualTo(200);
            assertThat(raw(gateway, "GET", "/dashboard/no-such.html").statusCode()).isEqualTo(404);
            assertThat(raw(gateway, "GET", "/favicon.ico").statusCode()).isEqualTo(204);
        }
    }

    @Test
    void the_overview_counts_what_came_in_and_marks_rejected_messages_for_attention() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "d1"), "test");
             TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "d1")) {
            JsonObject idle = get(gateway, "/api/v1/overview").json();
            assertThat(idle.getString("status")).isEqualTo("UP");
            assertThat(idle.getJsonArray("attention")).isEmpty();
            assertThat(idle.getJsonObject("sync").getBoolean("enabled")).isFalse();
            assertThat(idle.getJsonObject("devices").getInteger("total")).isEqualTo(1);
            assertThat(idle.getJsonObject("live").getInteger("maxClients")).isEqualTo(16);

            device.send("{\"temperature\": 21.5}", 1);
            device.send("{\"temperature\": 2", 1); // malformed
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                JsonObject o = get(gateway, "/api/v1/overview").json();
                return o.getJsonObject("ingest").getLong("storedTotal", 0L) >= 1
                        && o.getJsonObject("ingest").getLong("rejectedTotal", 0L) >= 1;
            });
            JsonObject busy = get(gateway, "/api/v1/overview").json();
            JsonArray attention = busy.getJsonArray("attention");
            assertThat(attention.stream().map(a -> ((JsonObject) a).getString("what"))).containsExactly("rejected");
            assertThat(busy.getJsonObject("devices").getInteger("seen")).isEqualTo(1);
            assertThat(busy.getJsonObject("ingest").getJsonArray("history")).isNotEmpty();
        }
    }

    @Test
    void the_live_stream_needs_a_device() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "d1"), "test")) {
            GatewayFixture.Response response = get(gateway, "/api/v1/events");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().getString("error")).contains("'device' is required");
        }
    }
}
