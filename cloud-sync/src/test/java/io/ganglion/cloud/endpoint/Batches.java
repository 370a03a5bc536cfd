package io.ganglion.cloud.endpoint;

import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Batches and an HTTP client for the endpoint tests. */
final class Batches {
    /** 2026-11-01T00:00:00Z: record {@code seq}'s window is the minute {@code seq} after it. */
    static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;
    static final String TOKEN_1 = "token-of-gateway-one-0123456789";
    static final String TOKEN_2 = "token-of-gateway-two-0123456789";
    static final Map<String, String> GATEWAYS = Map.of("gw-1", TOKEN_1, "gw-2", TOKEN_2);

    private Batches() {
    }

    static Summary summary(String device, long seq) {
        long start = T0 + seq * MINUTE;
        return new Summary(device, "temperature", "Cel", start, start + MINUTE, 4, 20.0, 23.0, 86.0, 20.0,
                start + 1_000, 23.0, start + 50_000);
    }

    /** Summaries {@code from..to} (inclusive) of device {@code dev-1}. */
    static Batch summaries(String gateway, long from, long to) {
        List<SyncRecord> records = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            records.add(new SyncRecord(seq, summary("dev-1", seq)));
        }
        return new Batch(gateway, records);
    }

    /** One record of each kind, seqs 1 to 4. */
    static Batch mixed(String gateway) {
        return new Batch(gateway, List.of(
                new SyncRecord(1, summary("dev-1", 1)),
                new SyncRecord(2, new DetectionCount("cam-1", "car", "north", T0, T0 + MINUTE, 10, 25, 4)),
                new SyncRecord(3, new StatusChange("dev-2", "offline", "1.2.0", T0 + 2 * MINUTE)),
                new SyncRecord(4, new Alert("dev-1", "critical", "temperature_high", "above 80", T0 + 3 * MINUTE))));
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> post(HttpClient client, String url, String gateway, String token, String type,
                                     String encoding, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/api/v1/gateways/" + gateway
                        + "/batches"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code batch} as gzip-compressed JSON with its gateway's own token. */
    static HttpResponse<String> post(HttpClient client, String url, Batch batch)
            throws IOException, InterruptedException {
        return post(client, url, batch.gatewayId(), GATEWAYS.get(batch.gatewayId()), "application/json", "gzip",
                BatchCodec.encode(batch, BatchCodec.Format.JSON, true));
    }

    static HttpResponse<String> get(HttpClient client, String url, String pathAndQuery)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
