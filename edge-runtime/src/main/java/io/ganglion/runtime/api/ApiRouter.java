package io.ganglion.runtime.api;

import io.ganglion.runtime.dashboard.Dashboard;
import io.ganglion.runtime.dashboard.DashboardAssets;
import io.ganglion.runtime.metrics.GatewayMetrics;
import io.ganglion.runtime.security.FailedAttempts;
import io.ganglion.runtime.security.InsecureSettings;
import io.ganglion.runtime.security.OperatorTokens;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's REST API ({@code /api/v1}), {@code /metrics} and the local web dashboard ({@code /dashboard/}, its
 * {@code /api/v1/overview} and the live stream {@code /api/v1/events}). Every store query runs on a small worker
 * pool, never on the event loop; bad query parameters are a 400 with a JSON {@code error} that says what was expected.
 * With operators' tokens configured, {@link OperatorAccess} checks every request first (docs/security.md).
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    /** Store queries run here; two threads are plenty for a dashboard and a scraper on a gateway. */
    private static final int QUERY_THREADS = 2;

    private final Vertx vertx;
    private final WorkerExecutor queries;
    private final DeviceQueries deviceQueries;
    private final ProfileQueries profileQueries;
    private final Supplier<JsonObject> health;
    private final GatewayMetrics metrics;
    private final CommandRequests commands;
    private final CameraRequests cameras;
    private final SyncRequests sync;
    private final Dashboard dashboard;
    private final OverviewQueries overview;
    private final OperatorAccess access;

    /**
     * @param sync      {@code /api/v1/sync}; called on the query pool, so it may wait for the outbox's answer
     * @param dashboard the live stream and the ingest rates of the dashboard's pages
     * @param tokens    the operators' tokens; none: every request is let through
     * @param tls       the listener speaks HTTPS (the login cookie is then Secure)
     * @param insecure  shown on the overview
     */
    public ApiRouter(Vertx vertx, DeviceQueries deviceQueries, ProfileQueries profileQueries,
                     Supplier<JsonObject> health, GatewayMetrics metrics, CommandRequests commands,
                     CameraRequests cameras, SyncRequests sync, Dashboard dashboard, OperatorTokens tokens,
                     boolean tls, InsecureSettings insecure) {
        this.sync = sync;
        this.dashboard = dashboard;
        this.overview = new OverviewQueries(health, deviceQueries, sync, dashboard, insecure);
        this.access = new OperatorAccess(tokens, new FailedAttempts(Clock.systemUTC()), tls);
        this.commands = commands;
        this.cameras = cameras;
        this.vertx = vertx;
        this.profileQueries = profileQueries;
        this.queries = vertx.createSharedWorkerExecutor("ganglion-api", QUERY_THREADS);
        this.deviceQueries = deviceQueries;
        this.health = health;
        this.metrics = metrics;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(ApiRouter::wellFormedQuery);
        router.route().handler(access::handle); // no route answers before the caller is known
        new LoginRoutes(access).mount(router);
        router.get("/api/v1/health").handler(ctx -> respond(ctx, () -> {
            JsonObject report = health.get();
            ctx.response().setStatusCode("DOWN".equals(report.getString("status")) ? 503 : 200);
            return report;
        }));
        router.get("/api/v1/devices").handler(ctx -> respond(ctx, deviceQueries::list));
        router.get("/api/v1/devices/:id").handler(ctx -> respond(ctx, () -> deviceQueries.one(ctx.pathParam("id"))));
        router.get("/api/v1/devices/:id/readings").handler(ctx -> respond(ctx,
                () -> deviceQueries.readings(ctx.pathParam("id"), QueryParams.of(ctx))));
        router.get("/api/v1/devices/:id/counts").handler(ctx -> respond(ctx,
                () -> deviceQueries.counts(ctx.pathParam("id"), QueryParams.of(ctx))));
        router.get("/api/v1/rejected").handler(ctx -> respond(ctx,
                () -> deviceQueries.rejected(QueryParams.of(ctx))));
        router.post("/api/v1/devices/:id/commands/:name")
                .handler(BodyHandler.create(false).setBodyLimit(CommandRequests.MAX_BODY_BYTES))
                .handler(ctx -> respond(ctx, () -> {
                    JsonObject record = commands.submit(ctx.pathParam("id"), ctx.pathParam("name"),
                            ctx.body().asString());
                    ctx.response().setStatusCode(202);
                    return record;
                }));
        router.get("/api/v1/devices/:id/commands").handler(ctx -> respond(ctx,
                () -> commands.ofDevice(ctx.pathParam("id"), QueryParams.of(ctx))));
        router.get("/api/v1/commands/:commandId").handler(ctx -> respond(ctx,
                () -> commands.one(ctx.pathParam("commandId"))));
        router.get("/api/v1/profiles").handler(ctx -> respond(ctx, profileQueries::list));
        router.get("/api/v1/sync").handler(ctx -> respond(ctx, sync::status));
        router.post("/api/v1/sync/refused/requeue").handler(ctx -> respond(ctx, sync::requeueRefused));
        cameraRoutes(router);
        router.get("/api/v1/overview").handler(ctx -> respond(ctx, overview::overview));
        router.get("/api/v1/events").handler(dashboard.live()::handle);
        DashboardAssets.mount(router);
        router.get("/metrics").handler(ctx -> queries.executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail));
        router.route().last().handler(ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void cameraRoutes(Router router) {
        router.get("/api/v1/cameras").handler(ctx -> respond(ctx, cameras::list));
        router.get("/api/v1/cameras/:id").handler(ctx -> respond(ctx, () -> cameras.one(ctx.pathParam("id"))));
        router.get("/api/v1/cameras/:id/counts").handler(ctx -> respond(ctx,
                () -> cameras.counts(ctx.pathParam("id"), QueryParams.of(ctx))));
        router.get("/api/v1/detections").handler(ctx -> respond(ctx,
                () -> cameras.detections(QueryParams.of(ctx))));
        router.get("/api/v1/cameras/:id/frame.jpg").handler(ctx -> queries.executeBlocking(
                        () -> cameras.annotatedFrame(ctx.pathParam("id")), false)
                .onSuccess(jpeg -> ctx.response().putHeader("content-type", "image/jpeg")
                        .putHeader("cache-control", "no-store").end(io.vertx.core.buffer.Buffer.buffer(jpeg)))
                .onFailure(ctx::fail));
        // 413 (BodyHandler) above vision.maxFrameBytes; 404 for an unknown camera; 202 once in the camera's slot.
        router.post("/api/v1/cameras/:id/frames")
                .handler(BodyHandler.create(false).setBodyLimit(cameras.maxFrameBytes()))
                .handler(ctx -> respond(ctx, () -> {
                    JsonObject accepted = cameras.upload(ctx.pathParam("id"), ctx.body().buffer() == null
                            ? new byte[0] : ctx.body().buffer().getBytes(), QueryParams.of(ctx));
                    ctx.response().setStatusCode(202);
                    return accepted;
                }));
    }

    private void respond(RoutingContext ctx, Callable<Object> query) {
        queries.executeBlocking(query, false).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().putHeader("content-type", "application/json").end(encode(result.result()));
            } else {
                ctx.fail(result.cause());
            }
        });
    }

    private static String encode(Object body) {
        if (body instanceof JsonObject object) {
            return object.encode();
        }
        if (body instanceof io.vertx.core.json.JsonArray array) {
            return array.encode();
        }
        throw new IllegalStateException("unexpected response body " + body.getClass());
    }

    /**
     * A path or query string that is not valid percent-encoding is the client's mistake: a 400 here, before any
     * route, instead of vertx-web decoding it later inside a route's matching or a handler and reporting an internal
     * error at ERROR (found by HttpApiFuzzTest: {@code ?R%"}, {@code ?a=%0}, {@code /%&}).
     */
    private static void wellFormedQuery(RoutingContext ctx) {
        try {
            ctx.normalizedPath(); // decodes the path once, as route matching would
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "the path is not valid percent-encoding: " + e.getMessage());
            return;
        }
        try {
            ctx.request().params(); // decodes the query once; routes and handlers read the decoded copy
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "the query string is not valid percent-encoding: " + e.getMessage());
            return;
        }
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        Throwable cause = ctx.failure();
        if (cause instanceof ApiException api) {
            error(ctx, api.status(), api.getMessage());
        } else if (cause instanceof java.io.IOException || ctx.response().closed()) {
            // The client went away mid-answer (a broken pipe while a page was sent): nothing of ours failed.
            LOG.debug("request {} {}: the client went away: {}", ctx.request().method(), ctx.request().path(),
                    cause == null ? "closed" : cause.toString());
        } else if (cause instanceof io.vertx.ext.web.handler.HttpException http && http.getStatusCode() < 500) {
            // vertx-web's own refusal of a request (a 400 for what it cannot decode): the client's, not ours.
            error(ctx, http.getStatusCode(), http.getPayload() != null ? http.getPayload()
                    : "the request cannot be read (" + http.getStatusCode() + ")");
        } else {
            LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), cause);
            error(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "internal error; see the gateway log");
        }
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    public void close() {
        queries.close();
    }
}
