package io.ganglion.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer's map from (device, metric, unit) to {@code series.id}, so that storing a reading needs no lookup in
 * SQLite. Used only on the writer thread (it is filled at open, before the thread starts).
 *
 * <p>Bounded: metric names come from devices, so a device inventing a new name per message must not grow the heap
 * without limit. Beyond {@link #MAX_CACHED} entries the least recently used is dropped and, when needed again, found
 * through the table's unique index. The table itself is bounded by the quota: a series goes with its last reading.
 *
 * <p>A series created inside a transaction that is then rolled back does not exist: {@link #rolledBack()} forgets
 * it, or a later reading would be stored under an id that is missing, or that a different series gets next.
 */
final class SeriesCache implements AutoCloseable {
    /** Far above a gateway's devices x metrics (a few thousand), far below what would strain the heap (~10 MB). */
    static final int MAX_CACHED = 50_000;

    /** One series' identity as the writer sees it. */
    record Key(String deviceId, String metric, String unit) {
    }

    private final Map<Key, Long> ids;
    private final List<Key> createdInTransaction = new ArrayList<>();
    private final PreparedStatement find;
    private final PreparedStatement insert;

    SeriesCache(Connection writerConnection, int maxCached) throws SQLException {
        // Access order: get() marks an entry as recently used; the eldest goes once the map is full.
        this.ids = new LinkedHashMap<>(Math.min(maxCached, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
                return size() > maxCached;
            }
        };
        find = writerConnection.prepareStatement(
                "SELECT id FROM series WHERE device_id = ? AND metric = ? AND unit = ?");
        insert = writerConnection.prepareStatement(
                "INSERT INTO series (device_id, metric, unit) VALUES (?, ?, ?) RETURNING id");
        // The newest series are the likeliest to be written next; load them last, so they are the last dropped.
        List<Map.Entry<Key, Long>> newest = new ArrayList<>();
        try (PreparedStatement load = writerConnection.prepareStatement(
                "SELECT id, device_id, metric, unit FROM series ORDER BY id DESC LIMIT ?")) {
            load.setInt(1, maxCached);
            try (ResultSet rs = load.executeQuery()) {
                while (rs.next()) {
                    newest.add(Map.entry(new Key(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getLong(1)));
                }
            }
        }
        for (int i = newest.size() - 1; i >= 0; i--) {
            ids.put(newest.get(i).getKey(), newest.get(i).getValue());
        }
    }

    /** The series' id, creating its row when it is new. Call inside the writer's transaction. */
    long idFor(String deviceId, String metric, String unit) throws SQLException {
        Key key = new Key(deviceId, metric, unit);
        Long id = ids.get(key);
        if (id == null) {
            id = find(key);
            if (id == null) {
                id = create(key);
                createdInTransaction.add(key);
            }
            ids.put(key, id);
        }
        return id;
    }

    /** The transaction committed: what it created is real. */
    void committed() {
        createdInTransaction.clear();
    }

    /** The transaction was rolled back: what it created never existed. */
    void rolledBack() {
        createdInTransaction.forEach(ids::remove);
        createdInTransaction.clear();
    }

    /** A series row was deleted (its last reading was evicted) by a transaction that committed. */
    void forget(Key key) {
        ids.remove(key);
    }

    int size() {
        return ids.size();
    }

    private Long find(Key key) throws SQLException {
        bind(find, key);
        try (ResultSet rs = find.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private long create(Key key) throws SQLException {
        bind(insert, key);
        try (ResultSet rs = insert.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("INSERT INTO series returned no id for " + key);
            }
            return rs.getLong(1);
        }
    }

    private static void bind(PreparedStatement ps, Key key) throws SQLException {
        ps.setString(1, key.deviceId());
        ps.setString(2, key.metric());
        ps.setString(3, key.unit());
    }

    @Override
    public void close() {
        for (PreparedStatement ps : List.of(find, insert)) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Closing the connection finalizes whatever is left.
            }
        }
    }
}
