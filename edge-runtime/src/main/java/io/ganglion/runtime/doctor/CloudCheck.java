package io.ganglion.runtime.doctor;

import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.SyncConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * With sync enabled: one HTTPS request to the cloud endpoint with the gateway's trust ({@code sync.trustPem}, else the
 * JVM's) and host name verification, as the uplink sends its batches. The request is the batches POST with the
 * gateway's token and a content type that is not a batch format: the endpoint checks the token first and then
 * refuses the type with 415, so the answer says whether the token is accepted and nothing is stored.
 */
final class CloudCheck implements Check {
    static final String NAME = "cloud";
    static final String PROBE_CONTENT_TYPE = "application/x-ganglion-doctor-probe";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private final GatewayConfig config;

    CloudCheck(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run() {
        SyncConfig sync = config.sync();
        if (!sync.enabled()) {
            return List.of(CheckResult.ok(NAME, "sync is off (no sync.endpoint)"));
        }
        String base = sync.endpoint().replaceAll("/+$", "");
        URI url = URI.create(base + "/api/v1/gateways/" + URLEncoder.encode(config.gatewayId(),
                StandardCharsets.UTF_8).replace("+", "%20") + "/batches");
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1);
        try {
            if (sync.trustPem() != null && "https".equals(url.getScheme())) {
                client.sslContext(PemTrust.context(sync.trustPem()));
            }
        } catch (IOException | GeneralSecurityException e) {
            return List.of(CheckResult.fail(NAME, "sync.trustPem " + sync.trustPem() + " cannot be used: " + e,
                    "point sync.trustPem to a readable PEM file of the certificates to trust"));
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + sync.token())
                .header("Content-Type", PROBE_CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = client.build().send(request, HttpResponse.BodyHandlers.ofString());
            return List.of(answered(base, response.statusCode(), response.body()));
        } catch (IOException e) {
            return List.of(failed(base, url, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckResult.fail(NAME, "interrupted while asking " + base, "run ganglion doctor again"));
        }
    }

    private static CheckResult answered(String base, int status, String body) {
        String said = body == null || body.isBlank() ? "" : ": " + abbreviated(body);
        return switch (status) {
            case 415 -> CheckResult.ok(NAME, base + " is reachable and accepts this gateway's token");
            case 401 -> CheckResult.fail(NAME, base + " refused the token (401" + said + ")", "sync.token must be"
                    + " the token the endpoint's cloud.yaml lists for this gatewayId (docs/cloud.md)");
            case 403 -> CheckResult.fail(NAME, base + " says the token belongs to another gateway (403" + said + ")",
                    "use this gateway's own token in sync.token, or correct gatewayId");
            case 404 -> CheckResult.fail(NAME, base + " has no batches resource (404): not a Ganglion cloud endpoint"
                    + " at that URL", "sync.endpoint is the endpoint's base URL, https://host:port, without a path");
            default -> status >= 500
                    ? CheckResult.fail(NAME, base + " answered " + status + said, "look at the cloud endpoint's log")
                    : CheckResult.warn(NAME, base + " answered " + status + said + " (a Ganglion endpoint answers"
                    + " this probe 415)", "check that sync.endpoint is a Ganglion cloud endpoint and nothing in"
                    + " between rewrites requests");
        };
    }

    private static CheckResult failed(String base, URI url, IOException e) {
        String host = url.getHost();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                String message = String.valueOf(t.getMessage());
                if (message.contains("No subject alternative") || message.contains("No name matching")) {
                    return CheckResult.fail(NAME, "the certificate of " + base + " does not name " + host + ": "
                            + message, "reach the endpoint by a name its certificate holds, or give it a certificate"
                            + " for " + host);
                }
                if (message.contains("PKIX") || message.contains("certification path")
                        || t instanceof CertificateException) {
                    return CheckResult.fail(NAME, "the certificate of " + base + " is not trusted: " + message,
                            "set sync.trustPem to the PEM of the CA (or self-signed certificate) the endpoint uses");
                }
                return CheckResult.fail(NAME, "TLS with " + base + " failed: " + message, "check that the endpoint"
                        + " speaks HTTPS on that port, with a certificate sync.trustPem (or the JVM) trusts");
            }
            if (t instanceof ConnectException) {
                return CheckResult.fail(NAME, "cannot reach " + base + ": connection refused", "start the cloud"
                        + " endpoint or correct sync.endpoint; check the firewall and proxy on the way");
            }
            if (t instanceof UnknownHostException) {
                return CheckResult.fail(NAME, "cannot reach " + base + ": unknown host " + host,
                        "correct the host of sync.endpoint, or the machine's DNS");
            }
            if (t instanceof HttpTimeoutException) {
                return CheckResult.fail(NAME, "no answer from " + base + " within " + REQUEST_TIMEOUT.toSeconds()
                        + " s", "check the network path to the endpoint (firewall, proxy) and that it runs");
            }
        }
        return CheckResult.fail(NAME, "cannot reach " + base + ": " + e, "check sync.endpoint and the network");
    }

    private static String abbreviated(String body) {
        String text = body.replaceAll("\\s+", " ").strip();
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
