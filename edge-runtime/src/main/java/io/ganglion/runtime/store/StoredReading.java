package io.ganglion.runtime.store;

import io.ganglion.profiles.Reading;

/** A reading with its store id: ids grow in commit order, which is what a reader resuming its place relies on. */
public record StoredReading(long id, Reading reading) {
}
