package io.ganglion.runtime.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The sync status of a benchmark gateway, read as an operator reads it: {@code GET /api/v1/sync}. Each read is a
 * scan of the outbox on the outbox's thread, so benchmarks read it seldom (the drain benchmark once a second).
 */
final class SyncProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    SyncProbe(int httpPort) {
        this.uri = URI.create("http://127.0.0.1:" + httpPort + "/api/v1/sync");
    }

    /** One status; {@code nanos} is when its answer arrived (System.nanoTime). */
    Status read() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        long now = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonObject json = new JsonObject(response.body());
        return new Status(now, json.getLong("backlogRecords"), json.getLong("inFlightRecords"),
                json.getLong("ackedRecords"), json.getLong("batchesSent"), json.getBoolean("draining"),
                json.getString("state"), json.getLong("failuresTotal"));
    }

    /**
     * @param backlog  records not yet acknowledged (stored or in flight)
     * @param draining the backlog found at start is still being sent
     */
    record Status(long nanos, long backlog, long inFlight, long acked, long batches, boolean draining, String state,
                  long failures) {
        /** Records acknowledged per second from {@code earlier} to this one. */
        double ackedPerSecondSince(Status earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return seconds <= 0 ? 0 : (acked - earlier.acked) / seconds;
        }

        /** The mean size of the batches acknowledged from {@code earlier} to this one. */
        double recordsPerBatchSince(Status earlier) {
            return batches == earlier.batches ? 0 : (double) (acked - earlier.acked) / (batches - earlier.batches);
        }
    }
}
