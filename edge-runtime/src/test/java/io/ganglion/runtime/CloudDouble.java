package io.ganglion.runtime;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchFormatException;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cloud endpoint's contract on a real Vert.x HTTP server, for the gateway's sync tests:
 * {@code POST /api/v1/gateways/{id}/batches} with the bearer token, decoded with {@link BatchCodec}, each
 * (gateway, seq) stored once, answered {@code 200 {"acked", "stored", "duplicates"}} after the "commit"; or 503 while
 * {@link #down} is set, or 422 while {@link #refusing} is.
 */
final class CloudDouble implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final String token;
    private HttpServer server;
    volatile boolean down;
    /** Refuses every batch with 422 (not retryable): the gateway parks the records. */
    volatile boolean refusing;
    /** What was stored, by sequence number (one gateway per test). */
    final Map<Long, Payload> stored = new ConcurrentSkipListMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger refusedWhileDown = new AtomicInteger();

    CloudDouble(String token) {
        this.token = token;
    }

    /** @return the base URL, on a free port */
    String start() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> answer(request, body));
    }

    private void answer(HttpServerRequest request, Buffer body) {
        String[] parts = request.path().split("/");
        if (!"POST".equals(request.method().name()) || parts.length != 6 || !"batches".equals(parts[5])) {
            reply(request, 404, new JsonObject().put("error", "no such resource " + request.path()));
            return;
        }
        if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
            reply(request, 401, new JsonObject().put("error", "bad token"));
            return;
        }
        if (refusing) {
            reply(request, 422, new JsonObject().put("error", "unknown device in this batch"));
            return;
        }
        if (down) {
            refusedWhileDown.incrementAndGet();
            reply(request, 503, new JsonObject().put("error", "down for maintenance"));
            return;
        }
        Batch batch;
        try {
            batch = BatchCodec.decode(body.getBytes(), BatchCodec.Format.ofContentType(request.getHeader("Content-Type")),
                    "gzip".equals(request.getHeader("Content-Encoding")), 16 << 20);
        } catch (BatchFormatException | RuntimeException e) {
            reply(request, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
            return;
        }
        if (!batch.gatewayId().equals(parts[4])) {
            reply(request, 400, new JsonObject().put("error", "gateway mismatch"));
            return;
        }
        int storedNow = 0;
        int dups = 0;
        for (SyncRecord r : batch.records()) {
            if (stored.putIfAbsent(r.seq(), r.payload()) == null) {
                storedNow++;
            } else {
                dups++;
            }
        }
        duplicates.addAndGet(dups);
        reply(request, 200, new JsonObject().put("acked", batch.highestSeq()).put("stored", storedNow)
                .put("duplicates", dups));
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    <T extends Payload> List<T> stored(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Payload p : stored.values()) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
