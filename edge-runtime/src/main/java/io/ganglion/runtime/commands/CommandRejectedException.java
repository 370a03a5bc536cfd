package io.ganglion.runtime.commands;

/** A command the gateway will not take, with what kind of refusal it is (the API maps it to a status). */
public final class CommandRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a command was refused. */
    public enum Kind {
        /** No such device is configured (or auto-registered). */
        UNKNOWN_DEVICE,
        /** The device's profile has no such command. */
        UNKNOWN_COMMAND,
        /** The device has no profile with commands now (built-in JSON profile, firmware mismatch, no MQTT topics). */
        NO_COMMANDS,
        /** A parameter or the ttl is wrong. */
        INVALID,
        /** The device has {@code commands.maxPendingPerDevice} commands waiting. */
        DEVICE_QUEUE_FULL,
        /** The gateway has {@code commands.maxPendingTotal} commands waiting. */
        GATEWAY_QUEUE_FULL,
        /** The store did not take the command in time. */
        STORE_UNAVAILABLE
    }

    private final Kind kind;

    public CommandRejectedException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
