package io.ganglion.cloud.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The feed's checkpoint in the outbox file ({@link FeedCheckpoint}): table {@code feed_state}, one small row per
 * series of the summariser's open windows, and counter {@code feed_position}, its place in the gateway's store. They
 * are in the outbox file so that a checkpoint commits in the same transaction as the records it produced; they are
 * in their own class because the outbox only keeps them for the feed and never reads them itself. Not thread-safe:
 * only the outbox's thread touches it.
 */
final class OutboxCheckpoints {
    private final OutboxFile file;

    OutboxCheckpoints(OutboxFile file) {
        this.file = file;
    }

    /** In the transaction that opens the file. */
    void createTables(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS feed_state (key TEXT PRIMARY KEY, state BLOB NOT NULL)");
        s.execute("INSERT OR IGNORE INTO counters VALUES ('feed_position', " + FeedCheckpoint.NO_POSITION + ")");
    }

    /** Writes the checkpoint in the transaction in progress; the caller commits it with the records. */
    void save(FeedCheckpoint checkpoint) throws SQLException {
        file.setCounter("feed_position", checkpoint.position());
        if (!checkpoint.changed().isEmpty()) {
            PreparedStatement upsert = file.statement("INSERT INTO feed_state (key, state) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET state = excluded.state");
            for (Map.Entry<String, byte[]> e : checkpoint.changed().entrySet()) {
                upsert.setString(1, e.getKey());
                upsert.setBytes(2, e.getValue());
                upsert.executeUpdate();
            }
        }
        if (!checkpoint.removed().isEmpty()) {
            PreparedStatement delete = file.statement("DELETE FROM feed_state WHERE key = ?");
            for (String key : checkpoint.removed()) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
        }
    }

    FeedCheckpoint.Saved load() throws SQLException {
        Map<String, byte[]> states = new HashMap<>();
        long position = file.counter("feed_position");
        try (Statement s = file.createStatement();
             ResultSet rs = s.executeQuery("SELECT key, state FROM feed_state")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getBytes(2));
            }
        }
        file.commit();
        return new FeedCheckpoint.Saved(position, states);
    }
}
