package io.ganglion.runtime.api;

import io.ganglion.runtime.security.Operator;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;

/**
 * The dashboard's login: {@code POST /api/v1/login} with {@code {"token": "..."}} checks the token like a bearer token
 * and sets it as an HttpOnly, SameSite=Strict cookie (Secure under TLS); {@code POST /api/v1/logout} clears it;
 * {@code GET /api/v1/session} tells a page whether the gateway needs a login and who is logged in.
 */
final class LoginRoutes {
    static final String LOGIN = "/api/v1/login";
    static final String LOGOUT = "/api/v1/logout";
    static final String SESSION = "/api/v1/session";
    private static final int MAX_BODY_BYTES = 4096;

    private final OperatorAccess access;

    LoginRoutes(OperatorAccess access) {
        this.access = access;
    }

    void mount(Router router) {
        router.post(LOGIN).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::login);
        router.post(LOGOUT).handler(ctx -> ctx.response().addCookie(access.expiredCookie()).setStatusCode(204).end());
        router.get(SESSION).handler(this::session);
    }

    private void login(RoutingContext ctx) {
        if (!access.enabled()) {
            json(ctx, 200, new JsonObject().put("auth", false));
            return;
        }
        // Login CSRF: a cross-site form cannot add this header, so it cannot log a browser in as someone else.
        if (ctx.request().getHeader(OperatorAccess.CSRF_HEADER) == null) {
            OperatorAccess.refuse(ctx, 403, "a login needs the " + OperatorAccess.CSRF_HEADER + " header");
            return;
        }
        String token;
        try {
            JsonObject body = ctx.body().asJsonObject();
            token = body == null ? null : body.getString("token");
        } catch (DecodeException | ClassCastException e) {
            token = null;
        }
        if (token == null || token.isBlank()) {
            OperatorAccess.refuse(ctx, 400, "expected a JSON object {\"token\": \"...\"}");
            return;
        }
        Optional<Operator> operator = access.authenticate(ctx, token.strip());
        if (operator.isPresent()) {
            ctx.response().addCookie(access.sessionCookie(token.strip()));
            json(ctx, 200, who(operator.get()));
        }
    }

    private void session(RoutingContext ctx) {
        if (!access.enabled()) {
            json(ctx, 200, new JsonObject().put("auth", false));
            return;
        }
        String bearer = OperatorAccess.bearer(ctx.request().getHeader("Authorization"));
        var cookie = ctx.request().getCookie(OperatorAccess.COOKIE);
        String token = bearer != null ? bearer : cookie == null ? null : cookie.getValue();
        if (token == null) {
            json(ctx, 200, new JsonObject().put("auth", true).put("loggedIn", false));
            return;
        }
        access.authenticate(ctx, token).ifPresent(operator -> json(ctx, 200, who(operator)));
    }

    private static JsonObject who(Operator operator) {
        return new JsonObject().put("auth", true).put("loggedIn", true).put("name", operator.name())
                .put("role", operator.role().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(body.encode());
    }
}
