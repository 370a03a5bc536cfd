package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;
import java.util.List;

/**
 * Told about readings once they are committed: the hook for whatever reacts to stored data (live views, rules, the
 * latency benchmark). Runs on the store's single writer thread, after the writes were acknowledged: it must be quick
 * and must not block; hand real work to another thread.
 */
@FunctionalInterface
public interface CommitListener {
    /** @param readings every reading of one committed transaction, in commit order; do not modify */
    void committed(List<Reading> readings);

    /**
     * The same, with the readings' store ids: consecutive, {@code firstReadingId} for the first (-1 when the commit
     * held none). For a listener that must know its place in the store, as the cloud sync does to resume after a
     * crash; by default the ids are ignored.
     */
    default void committed(List<Reading> readings, long firstReadingId) {
        committed(readings);
    }
}
