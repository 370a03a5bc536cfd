package io.ganglion.cloud.endpoint;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth). Each test class
 * works in a fresh schema of its own, dropped afterwards, so classes never see each other's rows.
 */
final class TestPostgres {
    private TestPostgres() {
    }

    static String freshSchemaName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
    }

    static CloudConfig.Postgres config(String schema) {
        return new CloudConfig.Postgres("127.0.0.1", 5432, "test", "postgres", "", 4, schema);
    }

    /** Drops the schema and everything in it. */
    static void drop(String schema) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = pool(vertx);
            pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute()
                    .eventually(pool::close).await(20, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432)
                .setDatabase("test").setUser("postgres")).using(vertx).build();
    }
}
