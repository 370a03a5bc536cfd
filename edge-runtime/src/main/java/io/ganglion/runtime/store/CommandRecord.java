package io.ganglion.runtime.store;

import java.util.Locale;
import java.util.Objects;

/**
 * A command sent (or to be sent) to a device, as the store keeps it.
 *
 * @param id         the gateway's id for it (a UUID)
 * @param parameters the parameters as the caller gave them, a JSON object
 * @param payload    what the device's profile encoded from them
 * @param address    where it goes (MQTT topic, or {@code gpio})
 * @param qos        0 or 1
 * @param createdAt  UTC epoch milliseconds
 * @param expiresAt  after this it is not sent any more (UTC epoch milliseconds)
 * @param statusAt   when the status last changed
 * @param detail     for people: why it waits, to whom it went, what the device answered; never null
 */
public record CommandRecord(String id, String deviceId, String name, String parameters, byte[] payload,
                            String address, int qos, long createdAt, long expiresAt, Status status, long statusAt,
                            String detail) {
    /** Where a command is in its life: pending, then delivered, then acknowledged or failed; or expired. */
    public enum Status {
        /** Stored, not yet delivered: the device is offline or not listening. */
        PENDING,
        /** Handed over (see the driver: to the device, or to the broker). */
        DELIVERED,
        /** The device said it carried it out. */
        ACKNOWLEDGED,
        /** The device said it could not carry it out. */
        FAILED,
        /** Its time to live passed before it could be delivered. */
        EXPIRED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }

        /** No further change: acknowledged, failed or expired. */
        public boolean isFinal() {
            return this == ACKNOWLEDGED || this == FAILED || this == EXPIRED;
        }
    }

    /** Characters of the detail kept. */
    public static final int MAX_DETAIL = 1024;

    public CommandRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The same command in another status. */
    public CommandRecord withStatus(Status newStatus, long at, String newDetail) {
        return new CommandRecord(id, deviceId, name, parameters, payload, address, qos, createdAt, expiresAt,
                newStatus, at, newDetail);
    }
}
