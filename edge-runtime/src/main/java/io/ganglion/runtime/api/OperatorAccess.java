package io.ganglion.runtime.api;

import io.ganglion.runtime.security.FailedAttempts;
import io.ganglion.runtime.security.Operator;
import io.ganglion.runtime.security.OperatorTokens;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call what (docs/security.md, "Operators: REST API and dashboard"). The first handler of the router: with
 * no tokens configured every request passes; with tokens, a request needs {@code Authorization: Bearer TOKEN} or the
 * dashboard's session cookie, GET and HEAD need the read role and every other method the admin role. Refusals are
 * 401 (with {@code WWW-Authenticate: Bearer}), 403 and 429 with a JSON {@code error}, like the API's other errors.
 */
final class OperatorAccess {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorAccess.class);
    /** Set by {@code POST /api/v1/login}; HttpOnly, so a script injected into a page cannot read it. */
    static final String COOKIE = "ganglion_token";
    /**
     * Writes authenticated by the cookie must carry this header. A cross-site page can make the browser send the
     * cookie (were it not SameSite=Strict) but cannot add a custom header without a CORS preflight, which the gateway
     * never grants.
     */
    static final String CSRF_HEADER = "X-Requested-With";
    static final String OPERATOR = "operator";

    private final OperatorTokens tokens;
    private final FailedAttempts failures;
    private final boolean secureCookie;

    /** @param secureCookie the listener speaks HTTPS: the cookie is then never sent over plain HTTP */
    OperatorAccess(OperatorTokens tokens, FailedAttempts failures, boolean secureCookie) {
        this.tokens = tokens;
        this.failures = failures;
        this.secureCookie = secureCookie;
    }

    boolean enabled() {
        return !tokens.isEmpty();
    }

    void handle(RoutingContext ctx) {
        if (!enabled() || isPublic(ctx)) {
            ctx.next();
            return;
        }
        String bearer = bearer(ctx.request().getHeader("Authorization"));
        Cookie cookie = bearer == null ? ctx.request().getCookie(COOKIE) : null;
        String token = bearer != null ? bearer : cookie != null ? cookie.getValue() : null;
        if (token == null) {
            refuse(ctx, 401, "this gateway needs a token: send Authorization: Bearer TOKEN, or log in at "
                    + "/dashboard/login.html");
            return;
        }
        Optional<Operator> operator = authenticate(ctx, token);
        if (operator.isEmpty()) {
            return;
        }
        boolean write = !isRead(ctx.request().method());
        if (write && !operator.get().isAdmin()) {
            refuse(ctx, 403, "the token '" + operator.get().name() + "' has the read role; "
                    + ctx.request().method() + " " + ctx.request().path() + " needs a token with the admin role");
            return;
        }
        if (write && bearer == null && ctx.request().getHeader(CSRF_HEADER) == null) {
            refuse(ctx, 403, "a write authenticated by the session cookie needs the " + CSRF_HEADER
                    + " header (the dashboard sends it; a cross-site form cannot)");
            return;
        }
        ctx.put(OPERATOR, operator.get());
        ctx.next();
    }

    /**
     * The operator of {@code token}, or empty once a refusal (401 or 429) has been sent. Every refused token counts
     * against the remote address.
     */
    Optional<Operator> authenticate(RoutingContext ctx, String token) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        long wait = failures.blockedForSeconds(address);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            refuse(ctx, 429, "too many refused tokens from " + address + "; try again in " + wait + " s");
            return Optional.empty();
        }
        Optional<Operator> operator = tokens.match(token);
        if (operator.isEmpty()) {
            failures.failed(address);
            // Never the token itself: a mistyped token is often one character away from the real one.
            LOG.debug("refused an unknown token from {} for {} {}", address, ctx.request().method(),
                    ctx.request().path());
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ganglion\", error=\"invalid_token\"");
            refuse(ctx, 401, "the token is not valid");
        }
        return operator;
    }

    /** The session cookie for a token that {@link #authenticate} accepted. */
    Cookie sessionCookie(String token) {
        // No Max-Age: a session cookie, gone when the browser closes.
        return Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true).setSecure(secureCookie)
                .setSameSite(io.vertx.core.http.CookieSameSite.STRICT);
    }

    Cookie expiredCookie() {
        return sessionCookie("").setMaxAge(0);
    }

    /** The dashboard's files (no data in them) and the login itself. */
    private static boolean isPublic(RoutingContext ctx) {
        // The path the router matches routes against: "/dashboard/../api/v1/devices" is the API, not a dashboard file.
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        if (isRead(method)) {
            return path.equals("/") || path.equals("/dashboard") || path.startsWith("/dashboard/")
                    || path.equals("/favicon.ico") || path.equals(LoginRoutes.SESSION);
        }
        return method == HttpMethod.POST && (path.equals(LoginRoutes.LOGIN) || path.equals(LoginRoutes.LOGOUT));
    }

    private static boolean isRead(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    static void refuse(RoutingContext ctx, int status, String message) {
        if (status == 401 && !ctx.response().headers().contains("WWW-Authenticate")) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ganglion\"");
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header, or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
