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
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The four record tables, described once for both stores: their columns, how a record fills them and how a row
 * becomes JSON. Times are UTC epoch milliseconds in BIGINT columns, as on the wire, in both databases.
 */
final class Tables {
    enum Type { TEXT, LONG, DOUBLE }

    record Column(String name, Type type, String json) {
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
            List<Object> values = new ArrayList<>();
            values.add(gateway);
            values.add(record.seq());
            values.add(record.payload().device());
            Payload payload = record.payload();
            if (payload instanceof Summary s) {
                values.addAll(List.of(s.metric(), s.unit(), s.windowStart(), s.windowEnd(), s.count(), s.min(),
                        s.max(), s.sum(), s.first(), s.firstTime(), s.last(), s.lastTime()));
            } else if (payload instanceof DetectionCount d) {
                values.addAll(List.of(d.className(), d.zone(), d.windowStart(), d.windowEnd(), d.frames(),
                        d.detections(), d.peak()));
            } else if (payload instanceof StatusChange c) {
                values.addAll(List.of(c.state(), c.firmware(), c.time()));
            } else if (payload instanceof Alert a) {
                values.addAll(List.of(a.severity(), a.code(), a.message(), a.time()));
            }
            return values.toArray();
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
            new Column("device", Type.TEXT, "device"),
            new Column("metric", Type.TEXT, "metric"),
            new Column("unit", Type.TEXT, "unit"),
            new Column("window_start", Type.LONG, "windowStart"),
            new Column("window_end", Type.LONG, "windowEnd"),
            new Column("count", Type.LONG, "count"),
            new Column("min", Type.DOUBLE, "min"),
            new Column("max", Type.DOUBLE, "max"),
            new Column("sum", Type.DOUBLE, "sum"),
            new Column("first_value", Type.DOUBLE, "first"),
            new Column("first_time", Type.LONG, "firstTime"),
            new Column("last_value", Type.DOUBLE, "last"),
            new Column("last_time", Type.LONG, "lastTime")), "metric", true);

    static final Table DETECTIONS = new Table(RecordKind.DETECTIONS, "detection_counts", List.of(
            new Column("device", Type.TEXT, "device"),
            new Column("class_name", Type.TEXT, "class"),
            new Column("zone", Type.TEXT, "zone"),
            new Column("window_start", Type.LONG, "windowStart"),
            new Column("window_end", Type.LONG, "windowEnd"),
            new Column("frames", Type.LONG, "frames"),
            new Column("detections", Type.LONG, "detections"),
            new Column("peak", Type.LONG, "peak")), "class_name", true);

    static final Table STATUS = new Table(RecordKind.STATUS, "status_changes", List.of(
            new Column("device", Type.TEXT, "device"),
            new Column("state", Type.TEXT, "state"),
            new Column("firmware", Type.TEXT, "firmware"),
            new Column("event_time", Type.LONG, "time")), null, false);

    static final Table ALERTS = new Table(RecordKind.ALERT, "alerts", List.of(
            new Column("device", Type.TEXT, "device"),
            new Column("severity", Type.TEXT, "severity"),
            new Column("code", Type.TEXT, "code"),
            new Column("message", Type.TEXT, "message"),
            new Column("event_time", Type.LONG, "time")), null, false);

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
