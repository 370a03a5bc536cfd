package io.ganglion.drivers;

/** What a device message carries, independent of the transport that brought it. */
public enum Channel {
    /** Readings, decoded by the device's profile. */
    TELEMETRY,
    /** Firmware announcements and online/offline state (MQTT last will). */
    STATUS,
    /** Camera frames (JPEG). */
    FRAMES,
    /** A device's answer to a command it received: done, or failed and why. */
    COMMAND_ACK
}
