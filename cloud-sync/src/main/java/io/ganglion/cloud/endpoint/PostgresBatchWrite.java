package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A whole batch as one PostgreSQL statement, so one round trip and one transaction: the dedup insert into
 * {@code received} and, per record kind present, one insert of all the kind's rows from one array parameter per
 * column ({@code unnest}), joined to the seqs the dedup insert returned; then the gateway's row. The rows travel
 * column-wise, a handful of parameters for the whole batch instead of a Bind per row.
 *
 * <pre>
 * WITH fresh AS (INSERT INTO received ... SELECT $1, s, $3 FROM unnest($2::bigint[]) AS s
 *                ON CONFLICT DO NOTHING RETURNING seq),
 *      summaries_rows AS (INSERT INTO summaries (gateway, seq, ...) SELECT $1, r.seq, ...
 *                FROM unnest($6::bigint[], $7::text[], ...) AS r (seq, ...) JOIN fresh USING (seq)),
 *      stored AS (SELECT count(*) AS n FROM fresh),
 *      contact AS (INSERT INTO gateways ... ON CONFLICT (id) DO UPDATE ...)
 * SELECT n FROM stored
 * </pre>
 *
 * <p>Why this is exactly-once and deadlock-free: the kind inserts see only what {@code fresh} returned, the seqs this
 * statement inserted into {@code received}; a seq stored before, or by a concurrent statement that committed first,
 * is a conflict and returns nothing (a conflict with a statement still running waits for its end). The main query
 * reads the count of {@code fresh}, so {@code fresh} runs to its end first; PostgreSQL runs the data-modifying CTEs
 * the main query does not read, the kind inserts and the gateway's row, after it. So the {@code received} keys are
 * locked first, in ascending order ({@code $2} is sorted), and the gateway's row after them; the record tables have
 * no unique keys, so their inserts wait for no other transaction.
 * One statement is one transaction: all of it is stored or nothing.
 */
final class PostgresBatchWrite {
    /** Parameters before the kinds' columns: gateway, seqs, received at, highest seq, newest record time. */
    private static final int FIXED_PARAMETERS = 5;
    /** The statement for each set of kinds present, indexed by a bit per {@link Tables#ALL} entry. */
    private static final List<String> SQL = sqlForEveryKindSet();
    /** The length of the longest statement, for the client's prepared statement cache. */
    static final int LONGEST_SQL = SQL.stream().mapToInt(String::length).max().orElseThrow();

    private PostgresBatchWrite() {
    }

    /**
     * The statement and its parameters for a batch; its single row is the count of records stored now.
     *
     * @param highestSeq the batch's highest seq, its acknowledgement
     */
    record Statement(String sql, Tuple parameters, long highestSeq) {
    }

    static Statement of(Batch batch, long receivedAt) {
        List<SyncRecord> records = batch.records();
        int n = records.size();
        int[] counts = new int[Tables.ALL.size()];
        for (int i = 0; i < n; i++) {
            counts[tableIndex(records.get(i).payload())]++;
        }
        // One array per column after gateway, seq first, for each kind present.
        Object[][][] columns = new Object[counts.length][][];
        int kinds = 0;
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] > 0) {
                kinds |= 1 << t;
                columns[t] = arrays(Tables.ALL.get(t), counts[t]);
            }
        }
        Long[] seqs = new Long[n];
        int[] filled = new int[counts.length];
        long highest = Long.MIN_VALUE;
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            SyncRecord record = records.get(i);
            Payload payload = record.payload();
            int t = tableIndex(payload);
            Object[][] table = columns[t];
            int row = filled[t]++;
            Long seq = record.seq();
            seqs[i] = seq;
            table[0][row] = seq;
            List<Tables.Column> payloadColumns = Tables.ALL.get(t).columns();
            for (int c = 0; c < payloadColumns.size(); c++) {
                table[c + 1][row] = payloadColumns.get(c).value().apply(payload);
            }
            highest = Math.max(highest, record.seq());
            newest = Math.max(newest, payload.time());
        }
        // Ascending, so that overlapping batches lock their (gateway, seq) keys in the same order: no deadlock.
        // Outbox batches come sorted already, which the sort checks in one pass.
        Arrays.sort(seqs);
        Tuple parameters = Tuple.tuple().addString(batch.gatewayId()).addArrayOfLong(seqs).addLong(receivedAt)
                .addLong(highest).addLong(newest);
        for (Object[][] table : columns) {
            if (table != null) {
                for (Object[] column : table) {
                    parameters.addValue(column);
                }
            }
        }
        return new Statement(SQL.get(kinds), parameters, highest);
    }

    private static int tableIndex(Payload payload) {
        return switch (payload.kind()) {
            case SUMMARY -> 0;
            case DETECTIONS -> 1;
            case STATUS -> 2;
            case ALERT -> 3;
        };
    }

    private static Object[][] arrays(Tables.Table table, int rows) {
        List<Tables.Column> payloadColumns = table.columns();
        Object[][] arrays = new Object[payloadColumns.size() + 1][];
        arrays[0] = new Long[rows];
        for (int c = 0; c < payloadColumns.size(); c++) {
            arrays[c + 1] = switch (payloadColumns.get(c).type()) {
                case TEXT -> new String[rows];
                case LONG -> new Long[rows];
                case DOUBLE -> new Double[rows];
            };
        }
        return arrays;
    }

    private static List<String> sqlForEveryKindSet() {
        if (!Tables.ALL.equals(List.of(Tables.SUMMARIES, Tables.DETECTIONS, Tables.STATUS, Tables.ALERTS))) {
            throw new IllegalStateException("tableIndex does not match Tables.ALL");
        }
        List<String> sql = new ArrayList<>();
        for (int kinds = 0; kinds < 1 << Tables.ALL.size(); kinds++) {
            sql.add(sql(kinds));
        }
        return List.copyOf(sql);
    }

    static String sql(int kinds) {
        StringBuilder sql = new StringBuilder("WITH fresh AS (INSERT INTO received (gateway, seq, received_at)"
                + " SELECT $1::text, s, $3::bigint FROM unnest($2::bigint[]) AS s"
                + " ON CONFLICT DO NOTHING RETURNING seq)");
        int parameter = FIXED_PARAMETERS;
        for (int t = 0; t < Tables.ALL.size(); t++) {
            if ((kinds & 1 << t) == 0) {
                continue;
            }
            Tables.Table table = Tables.ALL.get(t);
            List<Tables.Column> columns = table.allColumns().subList(1, table.allColumns().size());
            List<String> arrays = new ArrayList<>();
            for (Tables.Column column : columns) {
                arrays.add("$" + ++parameter + switch (column.type()) {
                    case TEXT -> "::text[]";
                    case LONG -> "::bigint[]";
                    case DOUBLE -> "::float8[]";
                });
            }
            String names = columns.stream().map(Tables.Column::name).collect(Collectors.joining(", "));
            sql.append(", ").append(table.name()).append("_rows AS (INSERT INTO ").append(table.name())
                    .append(" (gateway, ").append(names).append(") SELECT $1::text, ")
                    .append(columns.stream().map(c -> "r." + c.name()).collect(Collectors.joining(", ")))
                    .append(" FROM unnest(").append(String.join(", ", arrays)).append(") AS r (").append(names)
                    .append(") JOIN fresh USING (seq))");
        }
        sql.append(", stored AS (SELECT count(*) AS n FROM fresh)"
                + ", contact AS (INSERT INTO gateways (id, first_contact, last_contact, highest_seq,"
                + " newest_record_time, batches, records) SELECT $1::text, $3::bigint, $3::bigint, $4::bigint,"
                + " $5::bigint, 1, n FROM stored"
                + " ON CONFLICT (id) DO UPDATE SET last_contact = greatest(gateways.last_contact,"
                + " excluded.last_contact), highest_seq = greatest(gateways.highest_seq, excluded.highest_seq),"
                + " newest_record_time = greatest(gateways.newest_record_time, excluded.newest_record_time),"
                + " batches = gateways.batches + 1, records = gateways.records + excluded.records)"
                + " SELECT n FROM stored");
        return sql.toString();
    }
}
