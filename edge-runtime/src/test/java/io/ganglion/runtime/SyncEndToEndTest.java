package io.ganglion.runtime;

import static io.ganglion.runtime.SyncWiringTest.TOKEN;
import static io.ganglion.runtime.SyncWiringTest.publish;
import static io.ganglion.runtime.SyncWiringTest.syncStatus;
import static io.ganglion.runtime.SyncWiringTest.syncing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way: devices publish over MQTT to a gateway, which syncs to the real cloud endpoint
 * ({@code io.ganglion.cloud.endpoint}) on SQLite; the endpoint is stopped for a while and started again on the same
 * port and file. Every window arrives once, with the right figures, queried back from the endpoint's REST API.
 */
class SyncEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static CloudEndpoint startEndpoint(Vertx vertx, Path dir, int port) throws Exception {
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", port), null, null,
                new CloudConfig.Storage(null, new CloudConfig.Sqlite(dir.resolve("cloud.db"))),
                Map.of("test-gw", TOKEN), null);
        return CloudEndpoint.start(vertx, config).await(30, TimeUnit.SECONDS);
    }

    private static JsonArray summaries(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/summaries?gateway=test-gw&limit=1000")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("records");
    }

    @Test
    void summaries_reach_the_real_endpoint_once_each_across_an_endpoint_outage() throws Exception {
        Vertx cloudVertx = Vertx.vertx();
        try {
            CloudEndpoint endpoint = startEndpoint(cloudVertx, dir.resolve("cloud"), 0);
            int port = endpoint.port();
            String url = endpoint.url();
            try (Gateway gateway = Gateway.start(syncing(dir.resolve("gw"), url, "s1", "s2"),
                    dir.resolve("gw").toString())) {
                Map<SyncWiringTest.Key, SyncWiringTest.Expected> expected = new HashMap<>(publish(gateway, "s1"));
                await().atMost(Duration.ofSeconds(15)).until(() -> summaries(url).size() == expected.size());

                endpoint.close().await(20, TimeUnit.SECONDS);
                expected.putAll(publish(gateway, "s2"));
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    JsonObject s = syncStatus(gateway);
                    return s.getLong("backlogRecords") > 0 && s.getInteger("consecutiveFailures") > 0;
                });

                endpoint = startEndpoint(cloudVertx, dir.resolve("cloud"), port);
                // The last window of s2 closes by the clock, perhaps only after the endpoint is back.
                await().atMost(Duration.ofSeconds(20)).until(() -> summaries(url).size() >= expected.size()
                        && syncStatus(gateway).getLong("backlogRecords") == 0);

                JsonArray rows = summaries(url);
                Map<SyncWiringTest.Key, JsonObject> byKey = new HashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    JsonObject row = rows.getJsonObject(i);
                    assertThat(byKey.put(new SyncWiringTest.Key(row.getString("device"), row.getString("metric"),
                            row.getLong("windowStart")), row)).as("stored once: %s", row).isNull();
                }
                assertThat(byKey.keySet()).isEqualTo(expected.keySet());
                expected.forEach((key, want) -> {
                    JsonObject got = byKey.get(key);
                    assertThat(got.getLong("count")).as("count of %s", key).isEqualTo(want.count());
                    assertThat(got.getDouble("min")).as("min of %s", key).isEqualTo(want.min());
                    assertThat(got.getDouble("max")).as("max of %s", key).isEqualTo(want.max());
                    assertThat(got.getDouble("sum")).as("sum of %s", key)
                            .isCloseTo(want.sum(), org.assertj.core.data.Offset.offset(1e-9));
                });
            } finally {
                endpoint.close().await(20, TimeUnit.SECONDS);
            }
        } finally {
            cloudVertx.close().await(20, TimeUnit.SECONDS);
        }
    }
}
