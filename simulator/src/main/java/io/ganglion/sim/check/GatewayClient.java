package io.ganglion.sim.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The gateway's REST API, the part the end-of-run check needs: {@code GET {gateway}/api/v1/devices/{id}/counts?from=
 * {ms}&to={ms}} and a camera's frame counters, {@code GET {gateway}/api/v1/cameras/{id}}. The JDK client over HTTP/1.1 (the gateway answers nothing else). Thread-safe.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /** @param base the gateway, e.g. {@code http://127.0.0.1:8080} */
    public GatewayClient(URI base, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /**
     * The counts of a device for readings with a device time in [from, to); empty when the gateway does not know the
     * device (404).
     */
    public CompletableFuture<Optional<DeviceCounts>> counts(String device, long from, long to) {
        return get("/api/v1/devices/" + URLEncoder.encode(device, StandardCharsets.UTF_8) + "/counts?from=" + from
                + "&to=" + to, "{device, from, to, metrics, rejected}", GatewayClient::parse);
    }

    /** A camera's frame counters since the gateway started; empty when the gateway has no such camera (404). */
    public CompletableFuture<Optional<CameraCounts>> camera(String camera) {
        return get("/api/v1/cameras/" + URLEncoder.encode(camera, StandardCharsets.UTF_8),
                "{id, frames: {received, analysed, dropped, rejected}}", GatewayClient::parseCamera);
    }

    private <T> CompletableFuture<Optional<T>> get(String path, String expectation, Function<JsonNode, T> parser) {
        URI uri = URI.create(base + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new GatewayException("GET " + uri + " answered " + response.statusCode() + ": "
                        + new String(response.body(), 0, Math.min(200, response.body().length),
                        StandardCharsets.UTF_8));
            }
            try {
                return Optional.of(parser.apply(JSON.readTree(response.body())));
            } catch (IOException | RuntimeException e) {
                throw new GatewayException("GET " + uri + ": expected " + expectation + ", got "
                        + new String(response.body(), 0, Math.min(200, response.body().length),
                        StandardCharsets.UTF_8), e);
            }
        });
    }

    static CameraCounts parseCamera(JsonNode body) {
        JsonNode frames = required(body, "frames");
        return new CameraCounts(required(body, "id").asText(), required(frames, "received").asLong(),
                required(frames, "analysed").asLong(), required(frames, "dropped").asLong(),
                required(frames, "rejected").asLong());
    }

    static DeviceCounts parse(JsonNode body) {
        Map<String, DeviceCounts.MetricCount> metrics = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(body, "metrics").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> metric = it.next();
            metrics.put(metric.getKey(), new DeviceCounts.MetricCount(required(metric.getValue(), "readings").asLong(),
                    metric.getValue().path("bad").asLong(0), metric.getValue().path("sum").asDouble(0)));
        }
        JsonNode rejected = required(body, "rejected");
        Map<String, Long> reasons = new HashMap<>();
        rejected.path("byReason").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
        return new DeviceCounts(required(body, "device").asText(), body.path("from").asLong(),
                body.path("to").asLong(), metrics, required(rejected, "total").asLong(), reasons);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return value;
    }

    /** The gateway answered something other than the contract. */
    public static final class GatewayException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GatewayException(String message) {
            super(message);
        }

        GatewayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
