package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The four record tables, described once for both stores: their columns, how a record fills them and how a row
 * becomes JSON. Times are UTC epoch milliseconds in BIGINT columns, as on the wire, in both databases.
 */
final class Tables {
    enum Type { TEXT, LONG, DOUBLE }

    /**
     * @param value reads the column from a payload of the table's kind: a String, Long or Double as {@code type}
     *              says; null for gateway and seq, which are not the payload's
     */
    record Column(String name, Type type, String json, Function<Payload, Object> value) {
        Column(String name, Type type, String json) {
            this(name, type, json, null);
        }
    }

    /** A record table: its columns after (gateway, seq), the column time filters use, and the window columns. */
    record Table(RecordKind kind, String name, List<Column> columns, String nameColumn, boolean windowed) {
        List<Column> allColumns() {
            List<Column> all = new ArrayList<>();
            all.add(new Column("gateway", Type.TEXT, "gateway"));
            all.add(new Column("seq", Type.LONG, "seq"));
            all.addAll(columns);
            return all;
        }

        String insertSql(IntFunction<String> placeholder) {
            List<Column> all = allColumns();
            List<String> marks = new ArrayList<>();
            for (int i = 1; i <= all.size(); i++) {
                marks.add(placeholder.apply(i));
            }
            return "INSERT INTO " + name + " (" + all.stream().map(Column::name).collect(Collectors.joining(", "))
                    + ") VALUES (" + String.join(", ", marks) + ")";
        }

        /** Values for {@link #insertSql}, in column order. */
        Object[] values(String gateway, SyncRecord record) {
            Object[] values = new Object[columns.size() + 2];
            values[0] = gateway;
            values[1] = record.seq();
            for (int i = 0; i < columns.size(); i++) {
                values[i + 2] = columns.get(i).value().apply(record.payload());
            }
            return values;
        }

        /**
         * A SELECT for a query; {@code args} receives the parameters in order.
         */
        String selectSql(CloudStore.RecordQuery query, IntFunction<String> placeholder, List<Object> args) {
            List<String> where = new ArrayList<>();
            if (query.gateway() != null) {
                args.add(query.gateway());
                where.add("gateway = " + placeholder.apply(args.size()));
            }
            if (query.device() != null) {
                args.add(query.device());
                where.add("device = " + placeholder.apply(args.size()));
            }
            if (query.name() != null && nameColumn != null) {
                args.add(query.name());
                where.add(nameColumn + " = " + placeholder.apply(args.size()));
            }
            if (query.from() != null) {
                args.add(query.from());
                where.add((windowed ? "window_end > " : "event_time >= ") + placeholder.apply(args.size()));
            }
            if (query.to() != null) {
                args.add(query.to());
                where.add((windowed ? "window_start < " : "event_time < ") + placeholder.apply(args.size()));
            }
            args.add((long) query.limit());
            return "SELECT " + allColumns().stream().map(Column::name).collect(Collectors.joining(", "))
                    + " FROM " + name + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY " + (windowed ? "window_start" : "event_time") + ", gateway, seq LIMIT "
                    + placeholder.apply(args.size());
        }

        /** A row as the REST API shows it; {@code value} reads column i (0-based) as the given type. */
        JsonObject toJson(ValueReader value) throws Exception {
            JsonObject json = new JsonObject();
            List<Column> all = allColumns();
            for (int i = 0; i < all.size(); i++) {
                Column column = all.get(i);
                json.put(column.json(), value.read(i, column.type()));
            }
            if (kind == RecordKind.SUMMARY) {
                json.put("mean", json.getDouble("sum") / json.getLong("count"));
            }
            return json;
        }
    }

    interface ValueReader {
        Object read(int index, Type type) throws Exception;
    }

    static final Table SUMMARIES = new Table(RecordKind.SUMMARY, "summaries", List.of(
            new Column("device", Type.TEXT, "device", p -> ((Summary) p).device()),
            new Column("metric", Type.TEXT, "metric", p -> ((Summary) p).metric()),
            new Column("unit", Type.TEXT, "unit", p -> ((Summary) p).unit()),
            new Column("window_start", Type.LONG, "windowStart", p -> ((Summary) p).windowStart()),
            new Column("window_end", Type.LONG, "windowEnd", p -> ((Summary) p).windowEnd()),
            new Column("count", Type.LONG, "count", p -> ((Summary) p).count()),
            new Column("min", Type.DOUBLE, "min", p -> ((Summary) p).min()),
            new Column("max", Type.DOUBLE, "max", p -> ((Summary) p).max()),
            new Column("sum", Type.DOUBLE, "sum", p -> ((Summary) p).sum()),
            new Column("first_value", Type.DOUBLE, "first", p -> ((Summary) p).first()),
            new Column("first_time", Type.LONG, "firstTime", p -> ((Summary) p).firstTime()),
            new Column("last_value", Type.DOUBLE, "last", p -> ((Summary) p).last()),
            new Column("last_time", Type.LONG, "lastTime", p -> ((Summary) p).lastTime())), "metric", true);

    static final Table DETECTIONS = new Table(RecordKind.DETECTIONS, "detection_counts", List.of(
            new Column("device", Type.TEXT, "device", p -> ((DetectionCount) p).device()),
            new Column("class_name", Type.TEXT, "class", p -> ((DetectionCount) p).className()),
            new Column("zone", Type.TEXT, "zone", p -> ((DetectionCount) p).zone()),
            new Column("window_start", Type.LONG, "windowStart", p -> ((DetectionCount) p).windowStart()),
            new Column("window_end", Type.LONG, "windowEnd", p -> ((DetectionCount) p).windowEnd()),
            new Column("frames", Type.LONG, "frames", p -> ((DetectionCount) p).frames()),
            new Column("detections", Type.LONG, "detections", p -> ((DetectionCount) p).detections()),
            new Column("peak", Type.LONG, "peak", p -> ((DetectionCount) p).peak())), "class_name", true);

    static final Table STATUS = new Table(RecordKind.STATUS, "status_changes", List.of(
            new Column("device", Type.TEXT, "device", p -> ((StatusChange) p).device()),
            new Column("state", Type.TEXT, "state", p -> ((StatusChange) p).state()),
            new Column("firmware", Type.TEXT, "firmware", p -> ((StatusChange) p).firmware()),
            new Column("event_time", Type.LONG, "time", p -> ((StatusChange) p).time())), null, false);

    static final Table ALERTS = new Table(RecordKind.ALERT, "alerts", List.of(
            new Column("device", Type.TEXT, "device", p -> ((Alert) p).device()),
            new Column("severity", Type.TEXT, "severity", p -> ((Alert) p).severity()),
            new Column("code", Type.TEXT, "code", p -> ((Alert) p).code()),
            new Column("message", Type.TEXT, "message", p -> ((Alert) p).message()),
            new Column("event_time", Type.LONG, "time", p -> ((Alert) p).time())), null, false);

    static final List<Table> ALL = List.of(SUMMARIES, DETECTIONS, STATUS, ALERTS);

    private Tables() {
    }

    static Table of(RecordKind kind) {
        return switch (kind) {
            case SUMMARY -> SUMMARIES;
            case DETECTIONS -> DETECTIONS;
            case STATUS -> STATUS;
            case ALERT -> ALERTS;
        };
    }

    /** The partition key of a windowed record (a summary or a detection count). */
    static long windowStart(Payload payload) {
        if (payload instanceof Summary s) {
            return s.windowStart();
        }
        if (payload instanceof DetectionCount d) {
            return d.windowStart();
        }
        throw new IllegalArgumentException(payload.kind() + " has no window");
    }

    static String columnDefinitions(Table table, String text, String integer, String real) {
        return table.allColumns().stream()
                .map(c -> c.name() + " " + switch (c.type()) {
                    case TEXT -> text;
                    case LONG -> integer;
                    case DOUBLE -> real;
                } + " NOT NULL")
                .collect(Collectors.joining(", "));
    }
}
