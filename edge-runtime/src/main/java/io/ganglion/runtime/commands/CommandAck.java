package io.ganglion.runtime.commands;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A device's answer to a command, published on {@code devices/{deviceId}/commands/{name}/ack}:
 * {@code {"status": "ok" | "error", "command": "<id>", "detail": "..."}}. {@code command} is optional (a device
 * rarely knows the gateway's id): without it the answer goes to the oldest delivered command of that name.
 *
 * @param commandId the gateway's command id, or null
 * @param ok        whether the device carried the command out
 * @param detail    what the device said, never null
 */
record CommandAck(String commandId, boolean ok, String detail) {

    /** @throws IllegalArgumentException saying what is wrong with the payload */
    static CommandAck parse(byte[] payload) {
        JsonObject json;
        try {
            json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("a command acknowledgement is a JSON object such as "
                    + "{\"status\": \"ok\"}");
        }
        Object status = json.getValue("status");
        if (!"ok".equals(status) && !"error".equals(status)) {
            throw new IllegalArgumentException("command acknowledgement: 'status' must be \"ok\" or \"error\", got "
                    + status);
        }
        Object command = json.getValue("command");
        if (command != null && !(command instanceof String)) {
            throw new IllegalArgumentException("command acknowledgement: 'command' must be the command id as a string");
        }
        Object detail = json.getValue("detail");
        return new CommandAck((String) command, "ok".equals(status), detail == null ? "" : String.valueOf(detail));
    }

    /** The command's name in an acknowledgement topic {@code .../commands/{name}/ack}. */
    static String nameFromTopic(String topic) {
        String[] levels = topic.split("/");
        return levels.length >= 2 ? levels[levels.length - 2] : "";
    }
}
