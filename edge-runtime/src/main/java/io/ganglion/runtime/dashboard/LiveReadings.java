package io.ganglion.runtime.dashboard;

import io.ganglion.profiles.Reading;
import io.ganglion.runtime.store.CommitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/events?device=ID}: a Server-Sent Events stream of a device's committed readings, the latest per
 * metric at most once a second, for the dashboard's live charts (docs/dashboard.md).
 *
 * <p>It must not cost the ingest path anything measurable: as a {@link CommitListener} it runs on the store's writer
 * thread, where it does one map lookup per commit while no browser watches, and per reading of a watched device a
 * put into that stream's bounded map; the rest (encoding, writing) happens on the event loop once a second per
 * stream. Streams are capped at {@code maxClients}; one more is answered 503. Each stream is bounded (see
 * {@link LiveStream}): a slow or stalled browser loses updates, counted, and never makes the gateway buffer.
 */
public final class LiveReadings implements CommitListener {
    /** Concurrent live streams by default: a few operators with a few tabs each. */
    public static final int DEFAULT_MAX_CLIENTS = 16;
    static final long FLUSH_MILLIS = 1000;
    static final long KEEP_ALIVE_MILLIS = 15_000;
    /** A browser that has taken nothing for this long is disconnected; its EventSource reconnects if it can. */
    static final long STALL_LIMIT_MILLIS = 30_000;
    /** What the gateway queues for one browser before it stops writing to it. */
    static final int MAX_QUEUED_BYTES = 64 * 1024;
    /** More metrics than any shipped profile declares. */
    static final int MAX_METRICS_PER_STREAM = 256;

    private final Vertx vertx;
    private final int maxClients;
    private final ConcurrentHashMap<String, Set<LiveStream>> byDevice = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicLong lost = new AtomicLong();
    private final Counter refused;

    public LiveReadings(Vertx vertx, int maxClients, MeterRegistry registry) {
        this.vertx = vertx;
        this.maxClients = maxClients;
        Gauge.builder("ganglion.dashboard.live.clients", clients, AtomicInteger::get)
                .description("Browsers receiving live readings (Server-Sent Events)").register(registry);
        FunctionCounter.builder("ganglion.dashboard.live.lost", lost, AtomicLong::get)
                .description("Live readings replaced by a newer one before a browser got them, or beyond a stream's"
                        + " metric limit").register(registry);
        refused = Counter.builder("ganglion.dashboard.live.refused")
                .description("Live streams refused (503) because the limit of concurrent streams was reached")
                .register(registry);
    }

    /** Store writer thread: must stay quick. */
    @Override
    public void committed(List<Reading> readings) {
        if (byDevice.isEmpty()) {
            return; // nobody watches: the usual case costs one check per commit
        }
        for (Reading reading : readings) {
            Set<LiveStream> streams = byDevice.get(reading.deviceId());
            if (streams != null) {
                for (LiveStream stream : streams) {
                    stream.offer(reading);
                }
            }
        }
    }

    /** The route's handler; runs on an event loop and never blocks. */
    public void handle(RoutingContext ctx) {
        String device = ctx.queryParams().get("device");
        HttpServerResponse response = ctx.response();
        if (device == null || device.isBlank()) {
            error(response, 400, "query parameter 'device' is required: the id of the device to follow");
            return;
        }
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            refused.increment();
            response.putHeader("retry-after", "10");
            error(response, 503, "the gateway already serves " + maxClients
                    + " live streams (the most it allows); close a dashboard tab or try again later");
            return;
        }
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no"); // a reverse proxy must not hold events back
        LiveStream stream = new LiveStream(device, EventSink.of(response, MAX_QUEUED_BYTES),
                MAX_METRICS_PER_STREAM, STALL_LIMIT_MILLIS, lost);
        stream.hello(FLUSH_MILLIS);
        byDevice.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(stream);
        long[] ticks = new long[1];
        long timer = vertx.setPeriodic(FLUSH_MILLIS, id -> {
            if (!stream.flush(System.currentTimeMillis())) {
                return; // closed for stalling; the close handler below cleans up
            }
            if (++ticks[0] % (KEEP_ALIVE_MILLIS / FLUSH_MILLIS) == 0) {
                stream.keepAlive();
            }
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            byDevice.computeIfPresent(device, (d, streams) -> {
                streams.remove(stream);
                return streams.isEmpty() ? null : streams;
            });
            clients.decrementAndGet();
        });
    }

    /** Streams open now. */
    public int clients() {
        return clients.get();
    }

    /** Readings that never reached a browser since start (replaced by newer ones, or over a stream's limit). */
    public long lost() {
        return lost.get();
    }

    public int maxClients() {
        return maxClients;
    }

    private static void error(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
