package io.ganglion.runtime.dashboard;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard's pages, styles and scripts, served from the jar (classpath folder {@code dashboard/}) at
 * {@code /dashboard/}; {@code /} redirects there. Everything is bundled (no CDN): it works on a site with no internet.
 * Browsers may keep the files for {@link #MAX_AGE_SECONDS} and then revalidate them (Last-Modified).
 */
public final class DashboardAssets {
    /** Short: after an upgrade, a browser shows the new pages within a minute. */
    static final long MAX_AGE_SECONDS = 60;
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private DashboardAssets() {
    }

    public static void mount(Router router) {
        router.get("/").handler(ctx -> ctx.redirect("/dashboard/"));
        // A route's path matches with and without a trailing slash: redirect only the bare one.
        router.get("/dashboard").handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.next();
            } else {
                ctx.redirect("/dashboard/");
            }
        });
        router.get("/favicon.ico").handler(ctx -> ctx.response().setStatusCode(204).end());
        // The pages load nothing but the gateway's own files and API: a device-provided string that slipped into
        // markup could not run script or send data elsewhere.
        router.route("/dashboard/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            ctx.response().putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                    .putHeader("x-content-type-options", "nosniff")
                    .putHeader("referrer-policy", "no-referrer");
            ctx.next();
        });
        router.route("/dashboard/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(StaticHandler.create("dashboard")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(MAX_AGE_SECONDS)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setIndexPage("index.html"));
    }
}
