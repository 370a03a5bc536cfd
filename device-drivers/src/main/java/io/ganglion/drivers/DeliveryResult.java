package io.ganglion.drivers;

import java.util.Objects;

/**
 * What became of one {@link Downlink#send}.
 *
 * @param outcome what happened
 * @param detail  for people: why it was not delivered, or to whom it was; never null
 */
public record DeliveryResult(Outcome outcome, String detail) {
    public enum Outcome {
        /** Written (QoS0) or acknowledged (QoS1), by the device or, through a broker, by the broker. */
        DELIVERED,
        /** The device (or the broker) cannot be reached now; worth trying again later. */
        NOT_CONNECTED,
        /** Sending was tried and failed (connection lost before the acknowledgement, a refusal, overload). */
        FAILED,
        /**
         * The command cannot be carried out as encoded (a GPIO pin the device lacks, a value the pin does not take):
         * sending it again would fail the same way, so the caller fails it instead of retrying.
         */
        REFUSED
    }

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    public static DeliveryResult delivered(String detail) {
        return new DeliveryResult(Outcome.DELIVERED, detail);
    }

    public static DeliveryResult notConnected(String detail) {
        return new DeliveryResult(Outcome.NOT_CONNECTED, detail);
    }

    public static DeliveryResult failed(String detail) {
        return new DeliveryResult(Outcome.FAILED, detail);
    }

    public static DeliveryResult refused(String detail) {
        return new DeliveryResult(Outcome.REFUSED, detail);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
