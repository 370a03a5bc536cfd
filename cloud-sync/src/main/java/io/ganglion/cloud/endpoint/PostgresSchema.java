package io.ganglion.cloud.endpoint;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The PostgreSQL schema and its migrations. Each migration runs once, recorded in {@code schema_version}; all of
 * them run in one transaction under an advisory lock on the schema, so that endpoint processes starting together
 * queue up and the later ones find the work done.
 */
final class PostgresSchema {
    /** Numbered in order; never edit one that has shipped, add the next. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "gateways, dedup, record tables", List.of(
            "CREATE TABLE gateways (id text PRIMARY KEY, first_contact bigint NOT NULL, last_contact bigint NOT NULL,"
                    + " highest_seq bigint NOT NULL, newest_record_time bigint NOT NULL, batches bigint NOT NULL,"
                    + " records bigint NOT NULL)",
            // Not partitioned: its primary key is what deduplicates, and a partitioned table's unique keys must
            // include the partition key.
            "CREATE TABLE received (gateway text NOT NULL, seq bigint NOT NULL, received_at bigint NOT NULL,"
                    + " PRIMARY KEY (gateway, seq))",
            "CREATE TABLE summaries (" + Tables.columnDefinitions(Tables.SUMMARIES, "text", "bigint",
                    "double precision") + ") PARTITION BY RANGE (window_start)",
            "CREATE TABLE summaries_default PARTITION OF summaries DEFAULT",
            "CREATE INDEX summaries_by_gateway ON summaries (gateway, device, metric, window_start)",
            "CREATE INDEX summaries_by_metric ON summaries (metric, window_start)",
            "CREATE INDEX summaries_by_time ON summaries (window_start)",
            "CREATE TABLE detection_counts (" + Tables.columnDefinitions(Tables.DETECTIONS, "text", "bigint",
                    "double precision") + ") PARTITION BY RANGE (window_start)",
            "CREATE TABLE detection_counts_default PARTITION OF detection_counts DEFAULT",
            "CREATE INDEX detection_counts_by_gateway ON detection_counts (gateway, device, class_name, window_start)",
            "CREATE INDEX detection_counts_by_time ON detection_counts (window_start)",
            "CREATE TABLE status_changes (" + Tables.columnDefinitions(Tables.STATUS, "text", "bigint",
                    "double precision") + ")",
            "CREATE INDEX status_changes_by_gateway ON status_changes (gateway, device, event_time)",
            "CREATE INDEX status_changes_by_time ON status_changes (event_time)",
            "CREATE TABLE alerts (" + Tables.columnDefinitions(Tables.ALERTS, "text", "bigint",
                    "double precision") + ")",
            "CREATE INDEX alerts_by_gateway ON alerts (gateway, device, event_time)",
            "CREATE INDEX alerts_by_time ON alerts (event_time)")));

    record Migration(int version, String description, List<String> statements) {
    }

    private PostgresSchema() {
    }

    /** Brings {@code schema} up to the latest version; returns the migrations applied (0 when up to date). */
    static Future<Integer> migrate(Pool pool, String schema) {
        return pool.withTransaction(conn -> lock(conn, "ganglion-cloud-migrate", schema)
                // A later process finds the work done: no NOTICE "already exists, skipping" in its log.
                .compose(v -> run(conn, "SET LOCAL client_min_messages TO warning"))
                .compose(v -> run(conn, "CREATE SCHEMA IF NOT EXISTS " + schema))
                .compose(v -> run(conn, "SET LOCAL search_path TO " + schema))
                .compose(v -> run(conn, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
                        + " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
                .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM schema_version").execute())
                .compose(rows -> {
                    int current = rows.iterator().next().getInteger(0);
                    Future<Void> chain = Future.succeededFuture();
                    int applied = 0;
                    for (Migration migration : MIGRATIONS) {
                        if (migration.version() <= current) {
                            continue;
                        }
                        applied++;
                        for (String statement : migration.statements()) {
                            chain = chain.compose(v -> run(conn, statement));
                        }
                        chain = chain.compose(v -> conn.preparedQuery(
                                        "INSERT INTO schema_version (version, description) VALUES ($1, $2)")
                                .execute(Tuple.of(migration.version(), migration.description())).mapEmpty());
                    }
                    int count = applied;
                    return chain.map(v -> count);
                }));
    }

    /** Holds a transaction-scoped advisory lock named by {@code purpose} and the schema. */
    static Future<Void> lock(SqlConnection conn, String purpose, String schema) {
        return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
                .execute(Tuple.of(purpose, schema)).mapEmpty();
    }

    static Future<Void> run(SqlConnection conn, String sql) {
        return conn.query(sql).execute().mapEmpty();
    }
}
