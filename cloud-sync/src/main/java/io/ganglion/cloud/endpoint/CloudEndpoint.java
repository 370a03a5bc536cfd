package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchFormatException;
import io.ganglion.cloud.wire.RecordKind;
import io.ganglion.profiles.LogThrottle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud sync endpoint: takes batches from gateways ({@code POST /api/v1/gateways/{id}/batches}) and answers fleet
 * queries. Stateless: everything it knows is in the {@link CloudStore}, so any number of endpoints may share one
 * PostgreSQL. A batch is answered 200 only after its transaction committed; a refused batch (4xx, with the reason
 * as {@code {"error": ...}}) stores nothing.
 */
public final class CloudEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(CloudEndpoint.class);
    static final long SHUTDOWN_GRACE_SECONDS = 10;
    private static final String BATCHES = "/api/v1/gateways/:gatewayId/batches";

    private final Vertx vertx;
    private final CloudConfig config;
    private final CloudStore store;
    private final GatewayTokens tokens;
    private final LogThrottle refusedLog = new LogThrottle(java.time.Duration.ofSeconds(10));
    private final EndpointMetrics metrics = new EndpointMetrics();
    private HttpServer server;

    private CloudEndpoint(Vertx vertx, CloudConfig config, CloudStore store) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.tokens = new GatewayTokens(config);
    }

    /**
     * Starts an endpoint on {@code vertx}, which the caller keeps and closes (after {@link #close()}: closing
     * Vert.x from inside one of its own callbacks would never report completion).
     */
    public static Future<CloudEndpoint> start(Vertx vertx, CloudConfig config) {
        CloudStore store = config.storage().postgres() != null
                ? new PostgresStore(vertx, config.storage().postgres())
                : new SqliteStore(vertx, config.storage().sqlite());
        CloudEndpoint endpoint = new CloudEndpoint(vertx, config, store);
        return store.start()
                .compose(v -> endpoint.listen())
                .map(v -> endpoint)
                .recover(e -> store.close().transform(ignored -> Future.failedFuture(e)));
    }

    private Future<Void> listen() {
        HttpServerOptions options = new HttpServerOptions()
                .setHttp2ClearTextEnabled(false) // HTTP/1.1, as the gateway's API: no h2c upgrade path to go wrong
                .setHost(config.http().host())
                .setPort(config.http().port());
        if (config.tls() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tls().certPath().toString())
                    .setKeyPath(config.tls().keyPath().toString()));
            if (config.tls().clientCaPath() != null) {
                options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions()
                        .addCertPath(config.tls().clientCaPath().toString()));
            }
        }
        return vertx.createHttpServer(options).requestHandler(router()).listen()
                .onSuccess(s -> server = s)
                .mapEmpty();
    }

    private Router router() {
        Router router = Router.router(vertx);
        // Token and headers are checked before the body is read (separate routes: Vert.x Web wants a route's
        // BodyHandler first); both are synchronous, so no body data arrives before the BodyHandler is in place.
        router.post(BATCHES).handler(this::authenticate);
        router.post(BATCHES).handler(this::checkHeaders);
        router.post(BATCHES).handler(BodyHandler.create(false).setBodyLimit(config.maxBatchBytes()))
                .handler(this::receive);
        router.get("/api/v1/gateways").handler(this::admin).handler(this::listGateways);
        router.get("/api/v1/summaries").handler(this::admin).handler(ctx -> listRecords(ctx, RecordKind.SUMMARY));
        router.get("/api/v1/detections").handler(this::admin)
                .handler(ctx -> listRecords(ctx, RecordKind.DETECTIONS));
        router.get("/api/v1/status").handler(this::admin).handler(ctx -> listRecords(ctx, RecordKind.STATUS));
        router.get("/api/v1/alerts").handler(this::admin).handler(ctx -> listRecords(ctx, RecordKind.ALERT));
        router.get("/api/v1/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
        router.get("/metrics").handler(this::admin).handler(ctx -> vertx.executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail));
        router.errorHandler(413, ctx -> refuse(ctx, 413, "the body is over the limit of " + config.maxBatchBytes()
                + " bytes"));
        router.errorHandler(500, ctx -> {
            LOG.error("request failed: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            error(ctx, 500, "internal error");
        });
        return router;
    }

    private void authenticate(RoutingContext ctx) {
        String gatewayId = ctx.pathParam("gatewayId");
        String token = GatewayTokens.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        switch (tokens.check(gatewayId, token)) {
            case ALLOWED -> ctx.next();
            case FORBIDDEN -> refuse(ctx, 403, "this token belongs to another gateway");
            case UNAUTHORIZED -> {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                refuse(ctx, 401, token == null ? "a bearer token is required" : "unknown token");
            }
        }
    }

    private void admin(RoutingContext ctx) {
        if (tokens.adminAllowed(GatewayTokens.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            error(ctx, 401, "the admin token is required");
        }
    }

    private void checkHeaders(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (BatchCodec.Format.ofContentType(type) == null) {
            refuse(ctx, 415, "Content-Type must be application/json or application/cbor, not " + type);
            return;
        }
        String encoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("identity")) {
            refuse(ctx, 415, "Content-Encoding must be gzip or identity, not " + encoding);
            return;
        }
        ctx.next();
    }

    private void receive(RoutingContext ctx) {
        String gatewayId = ctx.pathParam("gatewayId");
        BatchCodec.Format format = BatchCodec.Format.ofContentType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        boolean gzip = "gzip".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING));
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, config.maxBatchBytes());
        long receivedAt = System.currentTimeMillis();
        // Decoding (and inflating) a few MiB takes milliseconds: not on the event loop.
        vertx.executeBlocking(() -> BatchCodec.decode(body, format, gzip, limit), false)
                .onFailure(e -> {
                    if (e instanceof BatchFormatException bad) {
                        refuse(ctx, bad.tooLarge() ? 413 : 400, bad.getMessage());
                    } else {
                        ctx.fail(e);
                    }
                })
                .onSuccess(batch -> {
                    if (!batch.gatewayId().equals(gatewayId)) {
                        refuse(ctx, 400, "the batch is from gateway '" + batch.gatewayId() + "', posted to '"
                                + gatewayId + "'");
                        return;
                    }
                    store(ctx, batch, receivedAt);
                });
    }

    private void store(RoutingContext ctx, Batch batch, long receivedAt) {
        long start = System.nanoTime();
        store.store(batch, receivedAt)
                .onSuccess(result -> metrics.stored(result, System.nanoTime() - start))
                .onFailure(e -> metrics.failed())
                .onSuccess(result -> json(ctx, 200, new JsonObject()
                        .put("acked", result.acked())
                        .put("stored", result.stored())
                        .put("duplicates", result.duplicates())))
                .onFailure(e -> {
                    LOG.warn("batch from {} not stored: {}", batch.gatewayId(), e.getMessage());
                    error(ctx, 503, "the batch could not be stored; retry later");
                });
    }

    private void listGateways(RoutingContext ctx) {
        long now = System.currentTimeMillis();
        store.gateways().onFailure(ctx::fail).onSuccess(rows -> {
            Map<String, JsonObject> byId = new LinkedHashMap<>();
            for (String id : tokens.ids()) {
                byId.put(id, new JsonObject().put("id", id).put("configured", true).putNull("lastContact"));
            }
            for (CloudStore.GatewayStatus row : rows) {
                byId.computeIfAbsent(row.id(), id -> new JsonObject().put("id", id).put("configured", false))
                        .put("firstContact", row.firstContact())
                        .put("lastContact", row.lastContact())
                        .put("highestSeq", row.highestSeq())
                        .put("newestRecordTime", row.newestRecordTime())
                        .put("lagMillis", Math.max(0, now - row.newestRecordTime()))
                        .put("sinceContactMillis", Math.max(0, now - row.lastContact()))
                        .put("batches", row.batches())
                        .put("records", row.records());
            }
            json(ctx, 200, new JsonObject().put("gateways", new JsonArray(new java.util.ArrayList<>(byId.values()))));
        });
    }

    private void listRecords(RoutingContext ctx, RecordKind kind) {
        CloudStore.RecordQuery query;
        try {
            query = new CloudStore.RecordQuery(param(ctx, "gateway"), param(ctx, "device"),
                    param(ctx, kind == RecordKind.DETECTIONS ? "class" : "metric"),
                    time(ctx, "from"), time(ctx, "to"), limit(ctx));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        store.query(kind, query).onFailure(ctx::fail)
                .onSuccess(rows -> json(ctx, 200, new JsonObject().put("records", rows)));
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Epoch milliseconds or an ISO-8601 instant such as {@code 2026-11-28T00:00:00Z}. */
    private static Long time(RoutingContext ctx, String name) {
        String value = param(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value)
                    : Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": expected epoch milliseconds or an ISO-8601 instant, got '"
                    + value + "'");
        }
    }

    private static int limit(RoutingContext ctx) {
        String value = param(ctx, "limit");
        if (value == null) {
            return CloudStore.RecordQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= CloudStore.RecordQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit: expected 1 to " + CloudStore.RecordQuery.MAX_LIMIT + ", got '"
                + value + "'");
    }

    /** A refused batch: answered, and logged at a rate a hostile gateway cannot turn into a flood. */
    private void refuse(RoutingContext ctx, int status, String reason) {
        metrics.refused(status);
        long skipped = refusedLog.admit();
        if (skipped >= 0) {
            LOG.info("refused {} {}: {} {} ({} more not logged)", ctx.request().method(), ctx.request().path(),
                    status, reason, skipped);
        }
        error(ctx, status, reason);
    }

    private static void error(RoutingContext ctx, int status, String reason) {
        json(ctx, status, new JsonObject().put("error", reason));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.encode());
    }

    /** The port the endpoint listens on (the actual one when the configuration asked for 0). */
    public int port() {
        return server.actualPort();
    }

    /** {@code http://host:port} or {@code https://...}, with a wildcard host shown as localhost. */
    public String url() {
        String host = config.http().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        }
        return (config.tls() != null ? "https://" : "http://") + host + ":" + port();
    }

    CloudStore store() {
        return store;
    }

    /**
     * Stops taking connections, lets requests in flight finish (up to {@link #SHUTDOWN_GRACE_SECONDS}), then closes
     * the store. A batch cut off by the deadline was not acknowledged, so its gateway sends it again.
     */
    public Future<Void> close() {
        Future<Void> stopped = server == null ? Future.succeededFuture()
                : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        return stopped.eventually(store::close).andThen(v -> metrics.close());
    }
}
