package io.ganglion.runtime.api;

import io.ganglion.profiles.yaml.DurationSyntax;
import io.ganglion.runtime.commands.CommandRejectedException;
import io.ganglion.runtime.commands.CommandService;
import io.ganglion.runtime.store.CommandRecord;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The command resources: {@code POST /api/v1/devices/{id}/commands/{name}}, {@code GET /api/v1/devices/{id}/commands}
 * and {@code GET /api/v1/commands/{commandId}}. Blocking (store commits and reads): call it on a worker thread.
 */
public final class CommandRequests {
    /** A command request body is a few parameters; anything larger is a mistake. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final CommandService commands;

    public CommandRequests(CommandService commands) {
        this.commands = commands;
    }

    /** Body {@code {"parameters": {...}, "ttl": "5m"}}, both optional. Answers 202 with the pending record. */
    JsonObject submit(String deviceId, String name, String body) {
        JsonObject request = body(body);
        Object parameters = request.getValue("parameters");
        if (parameters != null && !(parameters instanceof JsonObject)) {
            throw ApiException.badRequest("'parameters' must be a JSON object of parameter names and values");
        }
        try {
            CommandRecord record = commands.submit(deviceId, name,
                    parameters == null ? new JsonObject() : (JsonObject) parameters, ttl(request.getValue("ttl")));
            return toJson(record);
        } catch (CommandRejectedException e) {
            throw new ApiException(status(e.kind()), e.getMessage());
        }
    }

    JsonObject one(String commandId) {
        return commands.find(commandId).map(CommandRequests::toJson)
                .orElseThrow(() -> ApiException.notFound("no command '" + commandId + "'"));
    }

    JsonObject ofDevice(String deviceId, QueryParams params) {
        if (!commands.knows(deviceId)) {
            throw ApiException.notFound("no device '" + deviceId + "'");
        }
        List<CommandRecord> records = commands.ofDevice(deviceId, params.integer("limit", DEFAULT_LIMIT, 1,
                MAX_LIMIT));
        JsonArray items = new JsonArray();
        records.forEach(r -> items.add(toJson(r)));
        return new JsonObject().put("device", deviceId).put("count", items.size()).put("commands", items);
    }

    private static JsonObject body(String body) {
        if (body == null || body.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"parameters\": {\"duration\": "
                    + "1500}, \"ttl\": \"5m\"}");
        }
    }

    private static Duration ttl(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiException.badRequest("'ttl' must be a string, " + DurationSyntax.EXPECTATION);
        }
        try {
            return DurationSyntax.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'ttl': " + e.getMessage() + ", got '" + text + "'");
        }
    }

    static int status(CommandRejectedException.Kind kind) {
        return switch (kind) {
            case UNKNOWN_DEVICE, UNKNOWN_COMMAND -> 404;
            case NO_COMMANDS -> 409;
            case INVALID -> 400;
            case DEVICE_QUEUE_FULL -> 429;
            case GATEWAY_QUEUE_FULL, STORE_UNAVAILABLE -> 503;
        };
    }

    static JsonObject toJson(CommandRecord r) {
        return new JsonObject().put("id", r.id()).put("device", r.deviceId()).put("name", r.name())
                .put("parameters", new JsonObject(r.parameters()))
                .put("payload", payloadText(r.payload()))
                .put("address", r.address()).put("qos", r.qos())
                .put("createdAt", r.createdAt()).put("expiresAt", r.expiresAt())
                .put("status", r.status().label()).put("statusAt", r.statusAt()).put("detail", r.detail());
    }

    /** Text payloads (JSON) as they are; binary ones in base64, marked so. */
    private static String payloadText(byte[] payload) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(payload)).toString();
        } catch (java.nio.charset.CharacterCodingException binary) {
            return "base64:" + Base64.getEncoder().encodeToString(payload);
        }
    }
}
