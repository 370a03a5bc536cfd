package io.ganglion.runtime.doctor;

import io.ganglion.runtime.config.HttpConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;

/**
 * Tells a Ganglion gateway on the configured HTTP port from another program: {@code GET /api/v1/health} answers a
 * gateway's JSON report (with its {@code gatewayId}), or, when operators need a token, a 401 whose
 * {@code WWW-Authenticate} names the realm {@code ganglion}. No token is sent: the answer only picks the wording.
 */
final class GatewayProbe {
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private GatewayProbe() {
    }

    /** E.g. {@code the Ganglion gateway 'gw-1' (health UP)}, or empty when no Ganglion gateway answers. */
    static Optional<String> describe(HttpConfig http) {
        if (http.port() == 0) {
            return Optional.empty(); // a free port is picked at every start: nothing to find there
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(http.scheme() + "://"
                    + hostForAddress(http.host()) + ":" + http.port() + "/api/v1/health").toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            if (connection instanceof HttpsURLConnection https && http.tls() != null) {
                // Trust the gateway's own certificate, and accept whatever name it has: this only identifies what
                // holds the port, it sends nothing secret, and the address asked (loopback) is rarely in it.
                https.setSSLSocketFactory(PemTrust.context(http.tls().certPath()).getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            try {
                return identify(connection);
            } finally {
                connection.disconnect();
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> identify(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        if (status == 401) {
            String challenge = connection.getHeaderField("WWW-Authenticate");
            return challenge != null && challenge.contains("realm=\"ganglion\"")
                    ? Optional.of("a Ganglion gateway (its API needs a token)") : Optional.empty();
        }
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (body == null) {
            return Optional.empty();
        }
        try (body) {
            JsonObject report = new JsonObject(new String(body.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8));
            String id = report.getString("gatewayId");
            return id == null ? Optional.empty() : Optional.of("the Ganglion gateway '" + id + "' (health "
                    + report.getString("status") + ")");
        } catch (RuntimeException notGanglionJson) {
            return Optional.empty();
        }
    }

    /** Where to reach a listener bound to {@code host}: loopback for a wildcard address. */
    static String hostForAddress(String host) {
        if (host.equals("0.0.0.0") || host.isEmpty()) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
