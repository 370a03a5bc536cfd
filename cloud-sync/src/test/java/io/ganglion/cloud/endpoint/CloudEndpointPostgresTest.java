package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract on PostgreSQL: each test in a fresh schema, dropped after. */
class CloudEndpointPostgresTest extends CloudEndpointContract {
    private String schema;

    @Override
    CloudConfig.Storage storage(Path dir) {
        schema = TestPostgres.freshSchemaName("cloud_endpoint");
        return new CloudConfig.Storage(TestPostgres.config(schema), null);
    }

    @Override
    void dropStorage() throws Exception {
        TestPostgres.drop(schema);
    }

    @Test
    void a_batch_whose_transaction_fails_is_503_leaves_nothing_and_succeeds_when_retried() throws Exception {
        Pool pool = TestPostgres.pool(vertx);
        try {
            // The alert, the batch's last record, cannot be written: everything before it must roll back too.
            sql(pool, "ALTER TABLE " + schema + ".alerts RENAME TO alerts_away");

            HttpResponse<String> failed = Batches.post(client, url, Batches.mixed("gw-1"));

            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(failed.body()).getString("error")).contains("retry");
            assertThat(count(pool, "received")).isZero();
            assertThat(count(pool, "summaries")).isZero();
            assertThat(count(pool, "gateways")).isZero();

            sql(pool, "ALTER TABLE " + schema + ".alerts_away RENAME TO alerts");
            HttpResponse<String> retried = Batches.post(client, url, Batches.mixed("gw-1"));

            assertThat(new JsonObject(retried.body()))
                    .isEqualTo(new JsonObject().put("acked", 4).put("stored", 4).put("duplicates", 0));
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static void sql(Pool pool, String sql) throws Exception {
        pool.query(sql).execute().await(20, TimeUnit.SECONDS);
    }

    private long count(Pool pool, String table) throws Exception {
        return pool.query("SELECT count(*) FROM " + schema + "." + table).execute().await(20, TimeUnit.SECONDS)
                .iterator().next().getLong(0);
    }
}
