package io.ganglion.cloud.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the feed that fills the outbox stands, saved in the same transaction as the records it produced (see
 * {@link Outbox#append(List, FeedCheckpoint)}): its position in its source (for the gateway, the id of the last store
 * reading it summarised) and the state it holds that is not in the outbox yet (the open windows, per series). After a
 * crash, the feed restores this state and re-reads its source after {@code position}: what it produces then is
 * exactly what was lost, never a record already in the outbox.
 *
 * @param position the source position everything up to which is accounted for by the outbox and these states
 * @param changed  states to save, by key (replacing what was saved under that key)
 * @param removed  keys whose saved state is deleted
 */
public record FeedCheckpoint(long position, Map<String, byte[]> changed, Collection<String> removed) {
    /** Nothing saved yet: a new outbox file. */
    public static final long NO_POSITION = -1;

    public FeedCheckpoint {
        changed = Map.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /** What {@link Outbox#loadFeed()} answers: the saved position ({@link #NO_POSITION} if none) and every state. */
    public record Saved(long position, Map<String, byte[]> states) {
        public Saved {
            states = Map.copyOf(states);
        }
    }
}
