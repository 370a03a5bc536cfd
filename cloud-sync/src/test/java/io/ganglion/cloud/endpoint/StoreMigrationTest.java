package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema migrations: idempotent, safe from two processes at once; summaries land in their month's partition. */
class StoreMigrationTest {
    private final String schema = TestPostgres.freshSchemaName("cloud_migrate");
    private Vertx vertx;
    private Pool pool;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        pool = TestPostgres.pool(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            pool.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            TestPostgres.drop(schema);
        }
    }

    @Test
    void postgres_migrations_run_twice_are_a_no_op() throws Exception {
        assertThat(PostgresSchema.migrate(pool, schema).await(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(PostgresSchema.migrate(pool, schema).await(20, TimeUnit.SECONDS)).isZero();

        assertThat(versions()).isEqualTo(1L);
    }

    @Test
    void postgres_migrations_started_at_once_apply_once() throws Exception {
        Vertx other = Vertx.vertx();
        Pool otherPool = TestPostgres.pool(other);
        try {
            Future<Integer> first = PostgresSchema.migrate(pool, schema);
            Future<Integer> second = PostgresSchema.migrate(otherPool, schema);

            assertThat(first.await(20, TimeUnit.SECONDS) + second.await(20, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(versions()).isEqualTo(1L);
        } finally {
            otherPool.close().await(10, TimeUnit.SECONDS);
            other.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void summaries_land_in_their_months_partition() throws Exception {
        PostgresStore store = new PostgresStore(vertx, TestPostgres.config(schema));
        try {
            store.start().await(20, TimeUnit.SECONDS);
            long now = Batches.T0 + 10 * Batches.MINUTE;
            store.store(Batches.summaries("gw-1", 1, 3), now).await(20, TimeUnit.SECONDS);
            // Far in the past: outside the months that get partitions, so the DEFAULT one.
            store.store(new io.ganglion.cloud.wire.Batch("gw-1", List.of(new io.ganglion.cloud.wire.SyncRecord(9,
                    Batches.summary("dev-1", -5_000_000L)))), now).await(20, TimeUnit.SECONDS);

            List<String> partitions = pool.query("SELECT tableoid::regclass::text FROM " + schema
                    + ".summaries ORDER BY seq").execute().await(20, TimeUnit.SECONDS).stream()
                    .map(row -> row.getString(0)).toList();
            assertThat(partitions).containsExactly(schema + ".summaries_202611", schema + ".summaries_202611",
                    schema + ".summaries_202611", schema + ".summaries_default");
        } finally {
            store.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sqlite_migrations_run_twice_are_a_no_op() throws Exception {
        CloudConfig.Sqlite config = new CloudConfig.Sqlite(dir.resolve("cloud.db"));
        for (int run = 0; run < 2; run++) {
            SqliteStore store = new SqliteStore(vertx, config);
            store.start().await(20, TimeUnit.SECONDS);
            store.store(Batches.summaries("gw-1", 1, 3), Batches.T0).await(20, TimeUnit.SECONDS);
            assertThat(store.count("schema_version").await(20, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(store.count("summaries").await(20, TimeUnit.SECONDS)).isEqualTo(3L);
            store.close().await(10, TimeUnit.SECONDS);
        }
    }

    private long versions() throws Exception {
        Row row = pool.query("SELECT count(*) FROM " + schema + ".schema_version").execute()
                .await(20, TimeUnit.SECONDS).iterator().next();
        return row.getLong(0);
    }
}
