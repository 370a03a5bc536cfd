package io.ganglion.cloud.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The cloud endpoint as the uplink sees it: an HTTP client (TLS with the host name verified, a connection per request
 * in flight), the gateway's batches URL, the request of one batch (its body encoded on a worker, the bearer token,
 * the content headers) and what an answer means (the {@code acked} of a 200, which statuses are retried). It is
 * separate from {@link UplinkClient} so that the client is only the rounds of requests, back-offs and the drain, and
 * this is only the endpoint's contract (docs/cloud.md). Not thread-safe: used on the uplink's context.
 */
final class UplinkEndpoint {
    private static final int MAX_ERROR_TEXT = 200;

    private final UplinkSettings settings;
    private final WebClient web;
    private final String url;

    UplinkEndpoint(Vertx vertx, UplinkSettings settings) {
        this.settings = settings;
        boolean tls = "https".equals(settings.endpoint().getScheme());
        WebClientOptions options = new WebClientOptions()
                .setUserAgent("ganglion-gateway")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis()))
                .setSsl(tls)
                .setVerifyHost(true);
        if (tls && settings.trustPem() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(settings.trustPem().toString()));
        }
        // A connection per request in flight: beyond the pool's size requests would queue inside the client.
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(Math.max(PoolOptions.DEFAULT_MAX_POOL_SIZE, settings.maxInFlight()));
        this.web = WebClient.create(vertx, options, pool);
        String base = settings.endpoint().toString().replaceAll("/+$", "");
        this.url = base + "/api/v1/gateways/" + URLEncoder.encode(settings.gatewayId(), StandardCharsets.UTF_8)
                .replace("+", "%20") + "/batches";
    }

    /** Where batches go: {@code {endpoint}/api/v1/gateways/{gatewayId}/batches}. */
    String url() {
        return url;
    }

    /**
     * Encodes a batch on a worker of {@code context} (in JSON, the stored fragments joined; then gzip) and POSTs it.
     * A stored record that does not decode fails the future with the codec's {@code BatchFormatException}.
     */
    Future<HttpResponse<Buffer>> send(Context context, List<StoredRecord> records) {
        return context.<byte[]>executeBlocking(() -> StoredRecord.requestBody(settings.gatewayId(), records,
                        settings.format(), settings.gzip()), false)
                .compose(this::post);
    }

    private Future<HttpResponse<Buffer>> post(byte[] body) {
        HttpRequest<Buffer> post = web.postAbs(url)
                .bearerTokenAuthentication(settings.token())
                .putHeader("Content-Type", settings.format().mediaType())
                .timeout(settings.requestTimeout().toMillis());
        if (settings.gzip()) {
            post.putHeader("Content-Encoding", "gzip");
        }
        return post.sendBuffer(Buffer.buffer(body));
    }

    void close() {
        web.close();
    }

    /** The {@code acked} of a 200's JSON body, or -1 when it has none. */
    static long ackedSeq(HttpResponse<Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            Object acked = body == null ? null : body.getValue("acked");
            return acked instanceof Number n ? n.longValue() : -1;
        } catch (RuntimeException e) { // not JSON, or not an object
            return -1;
        }
    }

    /** 401/403: the token may be fixed by an operator; 408, 429 and 5xx: the cloud is busy or down. */
    static boolean retryable(int status) {
        return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500 || status < 400;
    }

    /** The start of an answer's body, for the status and the log: " text", or "" when it has none. */
    static String reason(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return "";
        }
        String text = body.length() > MAX_ERROR_TEXT ? body.getString(0, MAX_ERROR_TEXT) : body.toString();
        return " " + text.replaceAll("\\s+", " ");
    }
}
