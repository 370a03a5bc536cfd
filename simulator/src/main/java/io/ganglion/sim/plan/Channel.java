package io.ganglion.sim.plan;

/**
 * Which of a device's channels a message goes on (DESIGN.md, "External contract"): over MQTT the profile's topic for
 * it, by default {@code devices/{deviceId}/telemetry|status|frames}; over CoAP {@code POST
 * /devices/{deviceId}/telemetry|frames} (status only over MQTT).
 */
public enum Channel {
    TELEMETRY("telemetry"),
    STATUS("status"),
    FRAMES("frames");

    private final String path;

    Channel(String path) {
        this.path = path;
    }

    /** The last part of the standard topic or resource: {@code telemetry}, {@code status}, {@code frames}. */
    public String path() {
        return path;
    }
}
