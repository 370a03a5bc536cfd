package io.ganglion.runtime.store;

/**
 * A device the store has seen.
 *
 * @param transport the transport of its latest message
 * @param profile   the profile that decoded its latest message
 * @param firstSeen gateway receive time of its first stored message, UTC epoch milliseconds
 * @param lastSeen  gateway receive time of its latest stored message, UTC epoch milliseconds
 * @param firmware  the firmware version the device last announced, or {@code null}
 * @param state     the state the device last announced ({@code online}, {@code offline}, ...), or {@code null}
 * @param stateChangedAt gateway receive time of that announcement, or {@code 0} when there was none
 */
public record DeviceRecord(String id, String transport, String profile, long firstSeen, long lastSeen,
                           String firmware, String state, long stateChangedAt) {
    /** A device that has sent readings but never a status message. */
    public DeviceRecord(String id, String transport, String profile, long firstSeen, long lastSeen) {
        this(id, transport, profile, firstSeen, lastSeen, null, null, 0);
    }
}
