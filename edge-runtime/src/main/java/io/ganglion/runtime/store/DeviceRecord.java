package io.ganglion.runtime.store;

/**
 * A device the store has seen.
 *
 * @param transport the transport of its latest message
 * @param profile   the profile that decoded its latest message
 * @param firstSeen gateway receive time of its first stored message, UTC epoch milliseconds
 * @param lastSeen  gateway receive time of its latest stored message, UTC epoch milliseconds
 */
public record DeviceRecord(String id, String transport, String profile, long firstSeen, long lastSeen) {
}
