package io.ganglion.runtime.bench;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated fleet for {@code ganglion bench cloud}: gateways, each with its own id, token, devices and increasing
 * sequence numbers, posting batches of summaries (JSON + gzip, as the uplink sends them) with at most
 * {@code inFlight} requests outstanding in all and at most one per gateway, as a real gateway sends. A closed loop:
 * each answer lets the next idle gateway send, so the rate found is the most the endpoint sustains.
 *
 * <p>All its state is confined to the one event loop of the Vert.x it is given, which encodes the batches too: the
 * CPU time of that thread is the load generator's share of the machine.
 */
final class FleetLoad {
    private final Context context;
    private final WebClient web;
    private final int port;
    private final int inFlight;
    private final String[] ids;
    private final long[] sent;
    private final ArrayDeque<Integer> idle = new ArrayDeque<>();

    private int batch;
    private int outstanding;
    private boolean stopping;
    private Promise<Phase> drained;
    private long measureStart;
    private long measureEnd;
    private long[] latencyMicros = new long[1 << 16];
    private int measured;
    private long storedAll;
    private long errors;
    private String firstError;

    /** What one batch size gave: answers completed while measuring, and everything stored during the phase. */
    record Phase(int batch, int batches, double seconds, long[] sortedLatencyMicros, long storedAll, long errors,
                 String firstError) {
        double batchesPerSecond() {
            return batches / seconds;
        }

        double summariesPerSecond() {
            return (double) batches * batch / seconds;
        }

        double percentileMillis(double p) {
            return Stats.percentile(sortedLatencyMicros, batches, p) / 1000.0;
        }
    }

    /** {@code vertx} should have a single event loop, used by nothing else. */
    FleetLoad(Vertx vertx, int port, int gateways, int inFlight) {
        if (gateways < inFlight) {
            throw new IllegalArgumentException("at most one request per gateway: --gateways (" + gateways
                    + ") must be at least --in-flight (" + inFlight + ")");
        }
        this.context = vertx.getOrCreateContext();
        this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(inFlight));
        this.port = port;
        this.inFlight = inFlight;
        this.ids = new String[gateways];
        this.sent = new long[gateways];
        for (int g = 0; g < gateways; g++) {
            ids[g] = id(g);
            idle.add(g);
        }
    }

    static String id(int gateway) {
        return String.format("gw-%05d", gateway);
    }

    static String token(int gateway) {
        return "bench-token-" + id(gateway) + "-0123456789abcdef";
    }

    /** The load generator's thread, for its CPU time. */
    Future<Thread> thread() {
        Promise<Thread> thread = Promise.promise();
        context.runOnContext(v -> thread.complete(Thread.currentThread()));
        return thread.future();
    }

    /** Starts sending batches of {@code size} summaries (the warm-up: nothing is counted until {@link #measure}). */
    void start(int size) {
        context.runOnContext(v -> {
            batch = size;
            stopping = false;
            measureStart = 0;
            measured = 0;
            storedAll = 0;
            errors = 0;
            firstError = null;
            drained = Promise.promise();
            for (int i = 0; i < inFlight; i++) {
                send();
            }
        });
    }

    /** From now on, answers are counted. */
    void measure() {
        context.runOnContext(v -> measureStart = System.nanoTime());
    }

    /** Stops counting and sending; completes when the requests still out have been answered. */
    Future<Phase> stop() {
        Promise<Phase> result = Promise.promise();
        context.runOnContext(v -> {
            measureEnd = System.nanoTime();
            stopping = true;
            drained.future().onComplete(result);
            if (outstanding == 0) {
                finish();
            }
        });
        return result.future();
    }

    void close() {
        web.close();
    }

    private void send() {
        if (stopping || idle.isEmpty()) {
            return;
        }
        int g = idle.poll();
        byte[] body = BatchCodec.encode(nextBatch(g), BatchCodec.Format.JSON, true);
        outstanding++;
        long start = System.nanoTime();
        web.post(port, "127.0.0.1", "/api/v1/gateways/" + ids[g] + "/batches")
                .putHeader("Authorization", "Bearer " + token(g))
                .putHeader("Content-Type", BatchCodec.Format.JSON.mediaType())
                .putHeader("Content-Encoding", "gzip")
                .sendBuffer(Buffer.buffer(body))
                .onComplete(answer -> {
                    answered(answer, start, System.nanoTime());
                    outstanding--;
                    idle.add(g);
                    if (stopping) {
                        if (outstanding == 0) {
                            finish();
                        }
                    } else {
                        send();
                    }
                });
    }

    private Batch nextBatch(int g) {
        List<SyncRecord> records = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            long n = sent[g]++;
            records.add(new SyncRecord(n + 1, summary(g, n)));
        }
        return new Batch(ids[g], records);
    }

    /** The n-th summary of a gateway: the sync benchmark's values, on 64 devices of this gateway's own. */
    static Summary summary(int gateway, long n) {
        Summary s = Backlog.summary((int) n);
        return new Summary(id(gateway) + "/node-" + (n % 64), s.metric(), s.unit(), s.windowStart(), s.windowEnd(),
                s.count(), s.min(), s.max(), s.sum(), s.first(), s.firstTime(), s.last(), s.lastTime());
    }

    private void answered(AsyncResult<HttpResponse<Buffer>> answer, long start, long end) {
        if (answer.succeeded() && answer.result().statusCode() == 200) {
            storedAll += answer.result().bodyAsJsonObject().getLong("stored");
            if (measureStart != 0 && !stopping) {
                if (measured == latencyMicros.length) {
                    latencyMicros = Arrays.copyOf(latencyMicros, measured * 2);
                }
                latencyMicros[measured++] = (end - start) / 1000;
            }
        } else {
            errors++;
            if (firstError == null) {
                firstError = answer.succeeded() ? answer.result().statusCode() + " " + answer.result().bodyAsString()
                        : answer.cause().toString();
            }
        }
    }

    private void finish() {
        long[] sorted = Arrays.copyOf(latencyMicros, measured);
        Arrays.sort(sorted);
        double seconds = measureStart == 0 ? 0 : (measureEnd - measureStart) / 1e9;
        drained.tryComplete(new Phase(batch, measured, seconds, sorted, storedAll, errors, firstError));
    }
}
