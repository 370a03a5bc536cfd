package io.ganglion.runtime.api;

import io.vertx.core.json.JsonObject;

/**
 * The cloud sync as the API sees it. Both run on the API's query pool: they wait for the outbox's thread.
 */
public interface SyncRequests {
    /** {@code GET /api/v1/sync}: the status, or {@code {"enabled": false}}. */
    JsonObject status() throws Exception;

    /**
     * {@code POST /api/v1/sync/refused/requeue}: records the cloud refused (parked) go back to the queue, once an
     * operator has fixed the cause; answers {@code {"requeued": n}}.
     *
     * @throws ApiException 409 when the sync is not enabled
     */
    JsonObject requeueRefused() throws Exception;

    /** The sync of a gateway without a {@code sync:} section. */
    static SyncRequests disabled() {
        return new SyncRequests() {
            @Override
            public JsonObject status() {
                return new JsonObject().put("enabled", false);
            }

            @Override
            public JsonObject requeueRefused() {
                throw new ApiException(409, "the cloud sync is not enabled (no sync section in the configuration)");
            }
        };
    }
}
