package io.ganglion.cloud.wire;

/**
 * A device went online or offline, or announced new firmware.
 *
 * @param state    e.g. {@code online}, {@code offline}
 * @param firmware the firmware the device announced; empty when unknown
 */
public record StatusChange(String device, String state, String firmware, long time) implements Payload {
    public StatusChange {
        WireChecks.text("device", device);
        WireChecks.text("state", state);
        firmware = firmware == null ? "" : firmware;
        WireChecks.time("time", time);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.STATUS;
    }
}
