package io.ganglion.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The live stream's bounds: a browser that does not keep up loses updates (counted) instead of making the gateway
 * buffer, one that stalls is disconnected, and streams beyond the cap are refused with a 503.
 */
class LiveReadingsTest {
    /** Stands in for an HTTP response whose client takes nothing while {@code full}. */
    private static final class FakeSink implements EventSink {
        boolean full;
        boolean closed;
        final List<String> written = new ArrayList<>();
        Handler<Void> drain;

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void write(String text) {
            written.add(text);
        }

        @Override
        public void drainHandler(Handler<Void> drained) {
            drain = drained;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Reading reading(String device, String metric, double value) {
        return new Reading(device, metric, System.currentTimeMillis(), value, "", Quality.GOOD);
    }

    @Test
    void a_client_that_keeps_up_gets_the_latest_value_of_each_metric_once_per_flush() {
        FakeSink sink = new FakeSink();
        AtomicLong lostTotal = new AtomicLong();
        LiveStream stream = new LiveStream("d1", sink, 8, 30_000, lostTotal);

        stream.offer(reading("d1", "a", 1));
        stream.offer(reading("d1", "a", 2));
        stream.offer(reading("d1", "b", 3));
        assertThat(stream.flush(0)).isTrue();

        assertThat(sink.written).hasSize(1);
        JsonObject event = new JsonObject(sink.written.get(0).split("data: ")[1].trim());
        assertThat(event.getJsonArray("readings").stream().map(r -> ((JsonObject) r).getDouble("value")))
                .containsExactlyInAnyOrder(2.0, 3.0);
        assertThat(stream.lost()).as("the replaced value of a").isEqualTo(1);
        assertThat(lostTotal.get()).isEqualTo(1);
        assertThat(stream.flush(1000)).isTrue();
        assertThat(sink.written).as("nothing new, nothing written").hasSize(1);
    }

    @Test
    void a_stalled_client_loses_updates_counted_holds_one_value_per_metric_and_is_disconnected() {
        FakeSink sink = new FakeSink();
        sink.full = true;
        LiveStream stream = new LiveStream("d1", sink, 3, 30_000, new AtomicLong());

        for (int i = 0; i < 10_000; i++) {
            stream.offer(reading("d1", "m" + (i % 5), i));
        }
        assertThat(stream.flush(0)).isTrue();
        assertThat(stream.flush(29_999)).isTrue();

        assertThat(sink.written).as("nothing written while the client is behind").isEmpty();
        assertThat(stream.pending()).as("held: at most one per metric, at most maxMetrics").isEqualTo(3);
        assertThat(stream.lost()).as("every reading not held is counted").isEqualTo(10_000 - 3);
        assertThat(stream.flush(30_000)).as("stalled for the limit").isFalse();
        assertThat(sink.closed).isTrue();
    }

    @Test
    void a_client_that_catches_up_gets_the_latest_values() {
        FakeSink sink = new FakeSink();
        sink.full = true;
        LiveStream stream = new LiveStream("d1", sink, 8, 30_000, new AtomicLong());
        stream.offer(reading("d1", "a", 1));
        stream.flush(0);
        stream.offer(reading("d1", "a", 2));

        sink.full = false;
        sink.drain.handle(null);
        assertThat(stream.flush(40_000)).as("not stalled any more").isTrue();

        assertThat(sink.written).hasSize(1);
        assertThat(sink.written.get(0)).contains("\"value\":2.0").doesNotContain("\"value\":1.0");
    }

    @Test
    void streams_beyond_the_cap_are_refused_with_503_and_a_closed_one_frees_its_place() throws Exception {
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiveReadings live = new LiveReadings(vertx, 2, registry);
        Router router = Router.router(vertx);
        router.get("/api/v1/events").handler(live::handle);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI d1 = URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v1/events?device=d1");
        try {
            HttpResponse<InputStream> first = http.send(HttpRequest.newBuilder(d1).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> second = http.send(HttpRequest.newBuilder(d1).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(second.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.clients() == 2);

            HttpResponse<String> third = http.send(HttpRequest.newBuilder(d1).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(third.body()).getString("error")).contains("already serves 2 live streams", "the most it allows");
            assertThat(registry.get("ganglion.dashboard.live.refused").counter().count()).isEqualTo(1);

            // A committed reading of d1 reaches the stream; one of another device does not.
            live.committed(List.of(reading("d2", "x", 7), reading("d1", "temperature", 21.5)));
            BufferedReader events = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
            String line;
            String data = null;
            while ((line = events.readLine()) != null) {
                if (line.startsWith("data: ") && line.contains("\"readings\"")) {
                    data = line.substring("data: ".length());
                    break;
                }
            }
            JsonObject event = new JsonObject(data);
            assertThat(event.getString("device")).isEqualTo("d1");
            assertThat(event.getJsonArray("readings")).hasSize(1);
            assertThat(event.getJsonArray("readings").getJsonObject(0).getDouble("value")).isEqualTo(21.5);

            second.body().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == 1);
            HttpResponse<InputStream> again = http.send(HttpRequest.newBuilder(d1).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(again.statusCode()).isEqualTo(200);
            again.body().close();
            first.body().close();
        } finally {
            server.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
