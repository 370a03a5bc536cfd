package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.cloud.wire.Batch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two endpoints that share nothing but PostgreSQL (two Vert.x instances, two ports), started at the same moment and
 * fed the same overlapping batches by several clients at once: every (gateway, seq) is stored exactly once.
 */
class CloudEndpointTwoProcessesTest {
    private final String schema = TestPostgres.freshSchemaName("cloud_two");
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<CloudEndpoint> endpoints = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        List<Future<CloudEndpoint>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Vertx vertx = Vertx.vertx();
            vertxes.add(vertx);
            CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, null,
                    new CloudConfig.Storage(TestPostgres.config(schema), null), Batches.GATEWAYS, null);
            // Both run their migrations at once: the advisory lock makes one wait for the other.
            starting.add(CloudEndpoint.start(vertx, config));
        }
        for (Future<CloudEndpoint> endpoint : starting) {
            endpoints.add(endpoint.await(30, TimeUnit.SECONDS));
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (CloudEndpoint endpoint : endpoints) {
                endpoint.close().await(20, TimeUnit.SECONDS);
            }
            for (Vertx vertx : vertxes) {
                vertx.close().await(20, TimeUnit.SECONDS);
            }
        } finally {
            TestPostgres.drop(schema);
        }
    }

    @Test
    void two_endpoints_store_every_gateway_seq_exactly_once() throws Exception {
        HttpClient client = Batches.client();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int round = 0; round < 3; round++) {
                for (String gateway : List.of("gw-1", "gw-2")) {
                    for (int first = 1; first <= 200; first += 20) {
                        Batch batch = Batches.summaries(gateway, first, first + 29);
                        for (CloudEndpoint endpoint : endpoints) {
                            String url = endpoint.url();
                            responses.add(clients.submit(() -> Batches.post(client, url, batch)));
                        }
                    }
                }
            }
            for (java.util.concurrent.Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }

        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = TestPostgres.pool(vertx);
            Row counts = pool.query("SELECT count(*), count(DISTINCT (gateway, seq)),"
                            + " (SELECT count(*) FROM " + schema + ".received),"
                            + " (SELECT sum(records) FROM " + schema + ".gateways) FROM " + schema + ".summaries")
                    .execute().eventually(pool::close).await(20, TimeUnit.SECONDS).iterator().next();
            // Seqs 1 to 210 (the last batch is 181 to 210) for each of two gateways.
            assertThat(counts.getLong(0)).isEqualTo(2 * 210L);
            assertThat(counts.getLong(1)).isEqualTo(2 * 210L);
            assertThat(counts.getLong(2)).isEqualTo(2 * 210L);
            assertThat(counts.getLong(3)).isEqualTo(2 * 210L);
        } finally {
            vertx.close().await(20, TimeUnit.SECONDS);
        }
    }
}
