package io.ganglion.runtime.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Typed access to query parameters; a bad value is a 400 naming the parameter and what it should be. */
final class QueryParams {
    /** Rows a list query returns unless {@code limit} says otherwise, and the most it may ask for. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final RoutingContext ctx;

    private QueryParams(RoutingContext ctx) {
        this.ctx = ctx;
    }

    static QueryParams of(RoutingContext ctx) {
        return new QueryParams(ctx);
    }

    Optional<String> string(String name) {
        String value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A time given as epoch milliseconds or as an ISO-8601 instant such as {@code 2026-11-27T10:00:00Z}. */
    long time(String name, long defaultValue) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException notIso) {
                throw ApiException.badRequest("query parameter '" + name
                        + "' must be epoch milliseconds or an ISO-8601 instant like 2026-11-27T10:00:00Z, got '"
                        + text + "'");
            }
        }
    }

    /** The {@code limit} of a list query: 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
    int limit() {
        return integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be an integer from " + min + " to " + max
                + ", got '" + value.get() + "'");
    }
}
