package io.ganglion.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.drivers.fuzz.EventLoopWatch;
import io.ganglion.runtime.Gateway;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The gateway's HTTP API (ApiRouter, with the dashboard and /metrics) fed fuzzed requests over raw HTTP/1.1: a method,
 * a route of the API with fuzzed path segments (percent-encoded or raw) or a fuzzed path, a fuzzed query string and
 * body. Every request is answered with a status below 500: a 500 means a handler failed on input it should have
 * refused with a 4xx. Nothing may escape to an event loop or be logged as an error, and every 32 requests and at the
 * end, GET /api/v1/health still answers 200.
 */
class HttpApiFuzzTest {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private static final List<String> ROUTES = List.of("/api/v1/health", "/api/v1/devices", "/api/v1/devices/{}",
            "/api/v1/devices/{}/readings", "/api/v1/devices/{}/counts", "/api/v1/rejected",
            "/api/v1/devices/{}/commands/{}", "/api/v1/devices/{}/commands", "/api/v1/commands/{}",
            "/api/v1/profiles", "/api/v1/sync", "/api/v1/sync/refused/requeue", "/metrics", "/api/v1/cameras",
            "/api/v1/cameras/{}", "/api/v1/cameras/{}/counts", "/api/v1/detections", "/api/v1/cameras/{}/frame.jpg",
            "/api/v1/cameras/{}/frames", "/", "/dashboard/{}");
    private static final List<String> KNOWN = List.of("json-1", "relay-1", "energy-1", "switch", "pulse", "on",
            "duration", "1", "0");
    private static final AtomicLong requests = new AtomicLong();
    private static Gateway gateway;
    private static EventLoopWatch watch;

    @BeforeAll
    static void start() throws Exception {
        watch = EventLoopWatch.installLogsOnly(HttpApiFuzzTest::isKnownFinding);
        gateway = FuzzGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            assertThat(health()).as("GET /api/v1/health after fuzzing").isEqualTo(200);
            assertThat(watch.escaped()).as("escaped to an event loop or logged as an error").isEmpty();
            System.out.printf("HTTP API fuzzing: %d requests; known findings: %s%n", requests.get(), watch.known());
        } finally {
            gateway.close();
        }
    }

    @FuzzTest(maxDuration = "3s")
    void answers_every_request_below_500_and_keeps_serving(FuzzedDataProvider data) throws Exception {
        if (requests.getAndIncrement() == 0) {
            // Jazzer's detectors report connections unless allowed, which they can be once its agent is in.
            BugDetectors.allowNetworkConnections((host, port) -> port == gateway.httpPort());
        }
        String method = data.consumeInt(0, 15) == 0 ? data.consumeAsciiString(8).replaceAll("[\\s]", "")
                : METHODS.get(data.consumeInt(0, METHODS.size() - 1));
        if (method.isEmpty()) {
            method = "GET";
        }
        String path;
        if (data.consumeInt(0, 7) == 0) {
            path = "/" + data.consumeAsciiString(40).replaceAll("[\\s]", "");
        } else {
            path = ROUTES.get(data.consumeInt(0, ROUTES.size() - 1));
            while (path.contains("{}")) {
                path = path.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(segment(data)));
            }
        }
        String query = data.consumeBoolean() ? "?" + data.consumeAsciiString(60).replaceAll("[\\s#]", "") : "";
        byte[] body = data.consumeRemainingAsBytes();
        int status = FuzzGateway.exchange(gateway.httpPort(), FuzzGateway.request(method, path + query, body));
        assertThat(status).as("%s %s%s with %d body bytes", method, path, query, body.length)
                .isBetween(100, 499);
        if (requests.get() % 32 == 0) {
            assertThat(health()).as("GET /api/v1/health").isEqualTo(200);
        }
        assertThat(watch.escaped()).as("escaped to an event loop or logged as an error").isEmpty();
    }

    /**
     * Known finding (docs/fuzzing.md#findings), reported, not fixed here: a path with an invalid percent escape
     * ("/%&": "Invalid escape sequence"; "/a%": "Invalid position for escape character") fails in vertx-web's path
     * normalisation, before any route of ApiRouter; vertx-web answers below 500 but logs "Unhandled exception in
     * router" at ERROR with a stack trace, per request and unthrottled. (One in the query string, "?a=%0" or "?R%\"",
     * is answered 400 by ApiRouter's first handler since the fuzzing found it, and no longer logged.) Counted (an exception with a frame
     * of Ganglion's code is never taken for it: EventLoopWatch).
     */
    private static boolean isKnownFinding(String what) {
        return what.startsWith("io.vertx.ext.web.RoutingContext: Unhandled exception in router")
                && what.contains("java.lang.IllegalArgumentException: ");
    }

    private static String segment(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                return KNOWN.get(data.consumeInt(0, KNOWN.size() - 1));
            case 1:
                return URLEncoder.encode(data.consumeString(20), StandardCharsets.UTF_8).replace("+", "%20");
            default:
                return data.consumeAsciiString(20).replaceAll("[\\s/?#]", "");
        }
    }

    private static int health() throws Exception {
        return FuzzGateway.exchange(gateway.httpPort(), FuzzGateway.request("GET", "/api/v1/health", new byte[0]));
    }
}
