package io.ganglion.runtime.dashboard;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;

/**
 * Where a {@link LiveStream} writes its events: an HTTP response in the gateway, a stand-in in tests. Called on the
 * stream's event-loop context only.
 */
interface EventSink {
    /** True when the client has not taken what was written before: the stream then writes nothing more. */
    boolean writeQueueFull();

    void write(String text);

    /** Called once when the client has taken what was queued. */
    void drainHandler(Handler<Void> drained);

    /** Drops the connection (a client that has taken nothing for too long). */
    void close();

    /** The sink of a chunked HTTP response whose write queue holds at most {@code maxQueuedBytes}. */
    static EventSink of(HttpServerResponse response, int maxQueuedBytes) {
        response.setWriteQueueMaxSize(maxQueuedBytes);
        return new EventSink() {
            @Override
            public boolean writeQueueFull() {
                return response.writeQueueFull();
            }

            @Override
            public void write(String text) {
                response.write(text);
            }

            @Override
            public void drainHandler(Handler<Void> drained) {
                response.drainHandler(drained);
            }

            @Override
            public void close() {
                response.reset();
            }
        };
    }
}
