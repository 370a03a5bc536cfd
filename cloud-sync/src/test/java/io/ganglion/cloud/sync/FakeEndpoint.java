package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchFormatException;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cloud endpoint's contract, as a test double on a real Vert.x HTTP server: decodes each batch with BatchCodec,
 * remembers (gateway, seq), answers {@code {"acked", "stored", "duplicates"}} after "committing", and can be told to
 * fail.
 */
final class FakeEndpoint implements AutoCloseable {
    /** WRONG_ACK and NO_ACK commit, then answer 200 with an {@code acked} below the batch's highest seq, or none. */
    enum Mode { OK, UNAVAILABLE, DROP, COMMIT_THEN_DROP, WRONG_ACK, NO_ACK }

    private final Vertx vertx;
    private final String token;
    private HttpServer server;
    volatile Mode mode = Mode.OK;
    volatile long delayMs;
    /** Batches holding a record of this device are refused with 400. */
    volatile String poisonDevice = "";
    final Set<String> stored = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    /** The requests with these numbers (1 is the first) are answered 503, whatever the mode. */
    final Set<Integer> unavailableRequests = ConcurrentHashMap.newKeySet();
    /** Requests received and not answered yet, now and at most. */
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    /** The seqs of each batch answered 200, in order. */
    final List<List<Long>> acceptedBatches = new CopyOnWriteArrayList<>();
    final Map<Long, Long> acceptedAtNanos = new ConcurrentHashMap<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();

    FakeEndpoint(Vertx vertx, String token) {
        this.vertx = vertx;
        this.token = token;
    }

    int start(HttpServerOptions options) {
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    int start() {
        return start(new HttpServerOptions());
    }

    private void handle(HttpServerRequest request) {
        int number = requests.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        request.body().onSuccess(body -> {
            if (delayMs > 0) {
                vertx.setTimer(delayMs, id -> answer(request, body, number));
            } else {
                answer(request, body, number);
            }
        });
    }

    private void answer(HttpServerRequest request, Buffer body, int number) {
        open.decrementAndGet();
        Mode now = unavailableRequests.contains(number) ? Mode.UNAVAILABLE : mode;
        if (now == Mode.DROP) {
            request.connection().close();
            return;
        }
        if (now == Mode.UNAVAILABLE) {
            reply(request, 503, new JsonObject().put("error", "down for maintenance"));
            return;
        }
        String[] parts = request.path().split("/");
        if (!request.method().name().equals("POST") || parts.length != 6 || !"batches".equals(parts[5])) {
            reply(request, 404, new JsonObject().put("error", "no such resource " + request.path()));
            return;
        }
        if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
            reply(request, 401, new JsonObject().put("error", "bad token"));
            return;
        }
        String contentType = request.getHeader("Content-Type");
        contentTypes.add(contentType + (request.getHeader("Content-Encoding") == null ? ""
                : "+" + request.getHeader("Content-Encoding")));
        BatchCodec.Format format = BatchCodec.Format.ofContentType(contentType);
        if (format == null) {
            reply(request, 415, new JsonObject().put("error", "unsupported content type " + contentType));
            return;
        }
        Batch batch;
        try {
            batch = BatchCodec.decode(body.getBytes(), format, "gzip".equals(request.getHeader("Content-Encoding")),
                    16 << 20);
        } catch (BatchFormatException e) {
            reply(request, 400, new JsonObject().put("error", e.getMessage()));
            return;
        }
        if (!batch.gatewayId().equals(parts[4])) {
            reply(request, 400, new JsonObject().put("error", "gateway mismatch"));
            return;
        }
        if (batch.records().stream().anyMatch(r -> r.payload().device().equals(poisonDevice))) {
            reply(request, 400, new JsonObject().put("error", "record from " + poisonDevice + " is not acceptable"));
            return;
        }
        int storedNow = 0;
        int dups = 0;
        List<Long> seqs = new ArrayList<>();
        synchronized (this) { // the "commit"
            for (SyncRecord r : batch.records()) {
                seqs.add(r.seq());
                if (stored.add(batch.gatewayId() + "/" + r.seq())) {
                    storedNow++;
                    acceptedAtNanos.put(r.seq(), System.nanoTime());
                } else {
                    dups++;
                }
            }
        }
        duplicates.addAndGet(dups);
        if (now == Mode.COMMIT_THEN_DROP) {
            request.connection().close();
            return;
        }
        JsonObject answer = new JsonObject().put("stored", storedNow).put("duplicates", dups);
        if (now == Mode.WRONG_ACK) {
            reply(request, 200, answer.put("acked", batch.highestSeq() - 1));
            return;
        }
        if (now == Mode.NO_ACK) {
            reply(request, 200, answer);
            return;
        }
        acceptedBatches.add(Collections.unmodifiableList(seqs));
        reply(request, 200, answer.put("acked", batch.highestSeq()));
    }

    private static void reply(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
