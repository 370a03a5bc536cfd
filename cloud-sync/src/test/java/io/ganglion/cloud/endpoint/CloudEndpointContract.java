package io.ganglion.cloud.endpoint;

import static io.ganglion.cloud.endpoint.Batches.T0;
import static io.ganglion.cloud.endpoint.Batches.MINUTE;
import static io.ganglion.cloud.endpoint.Batches.TOKEN_1;
import static io.ganglion.cloud.endpoint.Batches.TOKEN_2;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the endpoint promises, whatever it stores in: each subclass runs every test against one backend.
 */
abstract class CloudEndpointContract {
    static final long MAX_BATCH_BYTES = 64 * 1024;

    @TempDir
    Path dir;
    Vertx vertx;
    CloudEndpoint endpoint;
    String url;
    final HttpClient client = Batches.client();

    /** The backend under test, fresh for each test. */
    abstract CloudConfig.Storage storage(Path dir) throws Exception;

    /** Cleans up after {@link #storage}. */
    void dropStorage() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, MAX_BATCH_BYTES,
                storage(dir), Batches.GATEWAYS, null);
        vertx = Vertx.vertx();
        endpoint = CloudEndpoint.start(vertx, config).await(30, TimeUnit.SECONDS);
        url = endpoint.url();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (endpoint != null) {
                endpoint.close().await(20, TimeUnit.SECONDS);
            }
            vertx.close().await(20, TimeUnit.SECONDS);
        } finally {
            dropStorage();
        }
    }

    @Test
    void a_batch_is_stored_and_queryable() throws Exception {
        HttpResponse<String> response = Batches.post(client, url, Batches.mixed("gw-1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new JsonObject(response.body()))
                .isEqualTo(new JsonObject().put("acked", 4).put("stored", 4).put("duplicates", 0));

        JsonArray summaries = records("/api/v1/summaries?gateway=gw-1&device=dev-1&metric=temperature");
        assertThat(summaries).hasSize(1);
        JsonObject summary = summaries.getJsonObject(0);
        assertThat(summary.getString("gateway")).isEqualTo("gw-1");
        assertThat(summary.getLong("seq")).isEqualTo(1L);
        assertThat(summary.getLong("windowStart")).isEqualTo(T0 + MINUTE);
        assertThat(summary.getLong("count")).isEqualTo(4L);
        assertThat(summary.getDouble("mean")).isEqualTo(21.5);
        assertThat(summary.getDouble("max")).isEqualTo(23.0);
        assertThat(records("/api/v1/detections?class=car")).hasSize(1);
        assertThat(records("/api/v1/detections").getJsonObject(0).getLong("peak")).isEqualTo(4L);
        assertThat(records("/api/v1/status?device=dev-2").getJsonObject(0).getString("state")).isEqualTo("offline");
        assertThat(records("/api/v1/alerts").getJsonObject(0).getString("code")).isEqualTo("temperature_high");

        JsonObject gateway = gateway("gw-1");
        assertThat(gateway.getLong("highestSeq")).isEqualTo(4L);
        assertThat(gateway.getLong("lastContact")).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(60_000L));
        assertThat(gateway.getLong("lagMillis")).isGreaterThan(0L);
        assertThat(gateway("gw-2").getValue("lastContact")).isNull();
    }

    @Test
    void summaries_are_filtered_by_gateway_device_metric_and_time() throws Exception {
        post(Batches.summaries("gw-1", 1, 10));
        post(Batches.summaries("gw-2", 1, 3));

        assertThat(records("/api/v1/summaries")).hasSize(13);
        assertThat(records("/api/v1/summaries?gateway=gw-2")).hasSize(3);
        assertThat(records("/api/v1/summaries?device=dev-9")).isEmpty();
        assertThat(records("/api/v1/summaries?metric=humidity")).isEmpty();
        // Windows overlapping [minute 3, minute 6): those starting at minutes 3, 4 and 5.
        JsonArray window = records("/api/v1/summaries?gateway=gw-1&from=" + (T0 + 3 * MINUTE) + "&to="
                + (T0 + 6 * MINUTE));
        assertThat(window.stream().map(o -> ((JsonObject) o).getLong("seq"))).containsExactly(3L, 4L, 5L);
        assertThat(records("/api/v1/summaries?gateway=gw-1&limit=2")).hasSize(2);
        assertThat(records("/api/v1/summaries?from=2026-11-01T00:08:00Z")).hasSize(3);
        assertThat(Batches.get(client, url, "/api/v1/summaries?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void a_retried_batch_is_acknowledged_and_stored_once() throws Exception {
        Batch batch = Batches.summaries("gw-1", 1, 5);
        post(batch);

        HttpResponse<String> again = Batches.post(client, url, batch);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()))
                .isEqualTo(new JsonObject().put("acked", 5).put("stored", 0).put("duplicates", 5));
        assertThat(records("/api/v1/summaries")).hasSize(5);
        assertThat(gateway("gw-1").getLong("records")).isEqualTo(5L);
    }

    @Test
    void overlapping_batches_store_each_seq_once() throws Exception {
        post(Batches.summaries("gw-1", 1, 5));

        HttpResponse<String> overlapping = Batches.post(client, url, Batches.summaries("gw-1", 3, 8));

        assertThat(new JsonObject(overlapping.body()))
                .isEqualTo(new JsonObject().put("acked", 8).put("stored", 3).put("duplicates", 3));
        assertThat(records("/api/v1/summaries").stream().map(o -> ((JsonObject) o).getLong("seq")))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        // The same seqs from another gateway are other records.
        assertThat(new JsonObject(Batches.post(client, url, Batches.summaries("gw-2", 1, 2)).body())
                .getInteger("stored")).isEqualTo(2);
    }

    @Test
    void cbor_and_identity_bodies_are_accepted() throws Exception {
        Batch batch = Batches.summaries("gw-1", 1, 3);
        HttpResponse<String> cbor = Batches.post(client, url, "gw-1", TOKEN_1, "application/cbor", null,
                BatchCodec.encode(batch, BatchCodec.Format.CBOR, false));
        HttpResponse<String> json = Batches.post(client, url, "gw-1", TOKEN_1, "application/json; charset=utf-8",
                "identity", BatchCodec.encode(Batches.summaries("gw-1", 4, 4), BatchCodec.Format.JSON, false));

        assertThat(cbor.statusCode()).as(cbor.body()).isEqualTo(200);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(records("/api/v1/summaries")).hasSize(4);
    }

    @Test
    void several_clients_at_once_store_each_seq_once() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                for (int first = 1; first <= 100; first += 10) {
                    Batch batch = Batches.summaries("gw-1", first, first + 14);
                    responses.add(clients.submit(() -> Batches.post(this.client, url, batch)));
                }
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(records("/api/v1/summaries?limit=1000").stream().map(o -> ((JsonObject) o).getLong("seq")))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 105).boxed().toList());
    }

    @Test
    void malformed_json_is_refused_with_a_reason_and_nothing_stored() throws Exception {
        HttpResponse<String> response = Batches.post(client, url, "gw-1", TOKEN_1, "application/json", null,
                "{\"gateway\": \"gw-1\", \"records\": [".getBytes(StandardCharsets.UTF_8));

        assertRefused(response, 400, "not valid JSON");
    }

    @Test
    void a_record_missing_a_field_refuses_the_whole_batch() throws Exception {
        String body = "{\"gateway\":\"gw-1\",\"records\":[" + new String(BatchCodec.encode(
                Batches.summaries("gw-1", 1, 1), BatchCodec.Format.JSON, false), StandardCharsets.UTF_8)
                .replaceAll("^.*\\[", "").replaceAll("]}$", "")
                + ",{\"seq\":2,\"kind\":\"summary\",\"device\":\"dev-1\",\"metric\":\"t\"}]}";

        HttpResponse<String> response = Batches.post(client, url, "gw-1", TOKEN_1, "application/json", null,
                body.getBytes(StandardCharsets.UTF_8));

        assertRefused(response, 400, "records[1].windowStart: expected a whole number");
    }

    @Test
    void a_wrong_content_type_is_415() throws Exception {
        HttpResponse<String> response = Batches.post(client, url, "gw-1", TOKEN_1, "text/plain", null,
                BatchCodec.encode(Batches.summaries("gw-1", 1, 1), BatchCodec.Format.JSON, false));
        HttpResponse<String> encoding = Batches.post(client, url, "gw-1", TOKEN_1, "application/json", "br",
                BatchCodec.encode(Batches.summaries("gw-1", 1, 1), BatchCodec.Format.JSON, false));

        assertRefused(response, 415, "Content-Type");
        assertRefused(encoding, 415, "Content-Encoding");
    }

    @Test
    void an_oversized_body_is_413() throws Exception {
        byte[] body = BatchCodec.encode(Batches.summaries("gw-1", 1, 1000), BatchCodec.Format.JSON, false);
        assertThat(body.length).isGreaterThan((int) MAX_BATCH_BYTES);

        assertRefused(Batches.post(client, url, "gw-1", TOKEN_1, "application/json", null, body), 413, "limit");
    }

    @Test
    void a_gzip_bomb_is_413_without_inflating_it() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(spaces);
            }
        }
        assertThat(compressed.size()).isLessThan((int) MAX_BATCH_BYTES);

        assertRefused(Batches.post(client, url, "gw-1", TOKEN_1, "application/json", "gzip",
                compressed.toByteArray()), 413, "inflates beyond the limit");
    }

    @Test
    void a_batch_from_another_gateway_than_the_path_is_refused() throws Exception {
        assertRefused(Batches.post(client, url, "gw-1", TOKEN_1, "application/json", null,
                BatchCodec.encode(Batches.summaries("gw-2", 1, 1), BatchCodec.Format.JSON, false)), 400,
                "posted to 'gw-1'");
    }

    @Test
    void a_missing_or_wrong_token_is_401_and_another_gateways_token_403() throws Exception {
        byte[] body = BatchCodec.encode(Batches.summaries("gw-1", 1, 1), BatchCodec.Format.JSON, false);

        HttpResponse<String> missing = Batches.post(client, url, "gw-1", null, "application/json", null, body);
        HttpResponse<String> wrong = Batches.post(client, url, "gw-1", "not-a-token-of-anyone-at-all", "application/json",
                null, body);
        HttpResponse<String> other = Batches.post(client, url, "gw-1", TOKEN_2, "application/json", null, body);
        HttpResponse<String> unknownGateway = Batches.post(client, url, "gw-3", TOKEN_1, "application/json", null,
                body);

        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertRefused(missing, 401, "bearer token is required");
        assertRefused(wrong, 401, "unknown token");
        assertRefused(other, 403, "another gateway");
        assertRefused(unknownGateway, 403, "another gateway");
    }

    @Test
    void metrics_count_stored_duplicate_and_refused_batches() throws Exception {
        Batch batch = Batches.summaries("gw-1", 1, 5);
        post(batch);
        post(batch); // a retry: acknowledged, stored once
        Batches.post(client, url, "gw-1", null, "application/json", null,
                BatchCodec.encode(batch, BatchCodec.Format.JSON, false)); // 401

        HttpResponse<String> scrape = Batches.get(client, url, "/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));
        assertThat(scrape.body())
                .contains("ganglion_cloud_batches_stored_total 2.0")
                .contains("ganglion_cloud_records_stored_total 5.0")
                .contains("ganglion_cloud_records_duplicate_total 5.0")
                .contains("ganglion_cloud_batches_refused_total{status=\"401\"} 1.0")
                .contains("ganglion_cloud_batch_store_seconds_count 2")
                .contains("jvm_memory_used_bytes");
    }

    void post(Batch batch) throws Exception {
        HttpResponse<String> response = Batches.post(client, url, batch);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** The status and reason, and that nothing at all was stored. */
    void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(new JsonObject(response.body()).getString("error")).contains(reason);
        for (String kind : List.of("summaries", "detections", "status", "alerts")) {
            assertThat(records("/api/v1/" + kind)).as(kind).isEmpty();
        }
        assertThat(gateway("gw-1").getValue("lastContact")).isNull();
    }

    JsonArray records(String pathAndQuery) throws Exception {
        HttpResponse<String> response = Batches.get(client, url, pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("records");
    }

    JsonObject gateway(String id) throws Exception {
        HttpResponse<String> response = Batches.get(client, url, "/api/v1/gateways");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("gateways").stream().map(JsonObject.class::cast)
                .filter(g -> g.getString("id").equals(id)).findFirst().orElseThrow();
    }
}
