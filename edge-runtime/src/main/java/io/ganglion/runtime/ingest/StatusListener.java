package io.ganglion.runtime.ingest;

/**
 * Told about a device's status message (state, firmware announcement) once it is committed to the store. Runs on the
 * store's writer thread: it must be quick and must not block; hand real work to another thread.
 */
@FunctionalInterface
public interface StatusListener {
    /**
     * @param state    the announced state in lower case ({@code online}, {@code offline}), or null
     * @param firmware the announced firmware, or null
     * @param time     when the gateway received it, UTC epoch ms
     */
    void statusStored(String device, String state, String firmware, long time);
}
