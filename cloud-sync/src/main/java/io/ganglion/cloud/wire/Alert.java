package io.ganglion.cloud.wire;

/**
 * Something a person should know about soon: a rule fired, a device misbehaves, the gateway is in trouble.
 *
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param code     a stable machine-readable name, e.g. {@code temperature_high}
 */
public record Alert(String device, String severity, String code, String message, long time) implements Payload {
    public Alert {
        WireChecks.text("device", device);
        if (!("info".equals(severity) || "warning".equals(severity) || "critical".equals(severity))) {
            throw new IllegalArgumentException("severity must be info, warning or critical, not " + severity);
        }
        WireChecks.text("code", code);
        message = message == null ? "" : message;
        WireChecks.time("time", time);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.ALERT;
    }
}
