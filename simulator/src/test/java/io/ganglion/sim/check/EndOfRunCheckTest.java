package io.ganglion.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.ledger.ReadingCheck;
import io.ganglion.sim.plan.Channel;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Tally;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check against a stand-in of the gateway's counts endpoint (our own REST contract, served by a small Vert.x
 * server): the real gateway is checked end to end in edge-runtime.
 */
class EndOfRunCheckTest {
    private static final long T0 = 1_772_431_200_000L; // 2026-03-02T06:00:00Z

    private Vertx vertx;
    private HttpServer server;
    /** device -> metric -> readings stored; absent device: 404. */
    private final Map<String, Map<String, Long>> stored = new ConcurrentHashMap<>();
    private final Map<String, Long> rejected = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStandIn() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            queries.add(request.uri());
            String[] path = request.path().split("/");
            // /api/v1/devices/{id}/counts
            if (path.length != 6 || !path[5].equals("counts")) {
                request.response().setStatusCode(400).end();
                return;
            }
            String device = path[4];
            Map<String, Long> metrics = stored.get(device);
            if (metrics == null) {
                request.response().setStatusCode(404).end("{\"error\": \"unknown device\"}");
                return;
            }
            JsonObject counts = new JsonObject();
            metrics.forEach((metric, n) -> counts.put(metric, new JsonObject().put("readings", n).put("bad", 0)));
            long total = rejected.getOrDefault(device, 0L);
            JsonObject body = new JsonObject().put("device", device)
                    .put("from", Long.parseLong(request.getParam("from")))
                    .put("to", Long.parseLong(request.getParam("to")))
                    .put("metrics", counts)
                    .put("rejected", new JsonObject().put("total", total)
                            .put("byReason", new JsonObject().put("malformed", total)));
            request.response().putHeader("Content-Type", "application/json").end(body.encode());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private EndOfRunCheck check() {
        return new EndOfRunCheck(new GatewayClient(URI.create("http://127.0.0.1:" + server.actualPort()),
                Duration.ofSeconds(5)));
    }

    private static Message telemetry(String device, long at, String... metrics) {
        List<Reading> readings = java.util.Arrays.stream(metrics)
                .map(metric -> new Reading(device, metric, at, 1.0, "1", Quality.GOOD)).toList();
        return new Message(device, 0, Channel.TELEMETRY, new byte[] {1}, 1, at, Tally.readings(readings));
    }

    /** Sends n messages of a device, acknowledging the first {@code acknowledged}. */
    private static void send(Ledger ledger, String device, int n, int acknowledged) {
        for (int i = 0; i < n; i++) {
            Message message = telemetry(device, T0 + i * 1000L, "pm10", "no2");
            ledger.sent(message);
            if (i < acknowledged) {
                ledger.acknowledged(message);
            }
        }
    }

    @Test
    void exactly_the_acknowledged_readings_pass_with_zero_loss_and_zero_duplicates() throws Exception {
        Ledger ledger = new Ledger();
        send(ledger, "air-0001", 60, 60);
        send(ledger, "air-0002", 30, 30);
        stored.put("air-0001", Map.of("pm10", 60L, "no2", 60L));
        stored.put("air-0002", Map.of("pm10", 30L, "no2", 30L));

        CheckReport report = check().check(ledger);

        assertThat(report.passed()).isTrue();
        assertThat(report.readings()).hasSize(4).allMatch(ReadingCheck::passed);
        assertThat(report.summary().exact()).isEqualTo(4);
        assertThat(report.describe(false)).contains("zero loss: yes (0 metrics with LOSS, 0 readings missing)",
                "zero duplicates: yes (0 metrics with EXCESS, 0 readings extra)", "PASSED");
        // One query per device: both metrics share the window; its end is exclusive, one past the last timestamp.
        assertThat(queries).containsExactlyInAnyOrder(
                "/api/v1/devices/air-0001/counts?from=" + T0 + "&to=" + (T0 + 59_000 + 1),
                "/api/v1/devices/air-0002/counts?from=" + T0 + "&to=" + (T0 + 29_000 + 1));
    }

    @Test
    void fewer_than_acknowledged_is_loss_and_more_than_allowed_is_excess() throws Exception {
        Ledger ledger = new Ledger();
        send(ledger, "noise-0001", 10, 8); // 2 unconfirmed: the gateway may have 8 to 10
        stored.put("noise-0001", Map.of("pm10", 7L, "no2", 11L));

        CheckReport report = check().check(ledger);

        assertThat(report.passed()).isFalse();
        assertThat(report.readings()).extracting(ReadingCheck::outcome)
                .containsExactly(ReadingCheck.Outcome.EXCESS, ReadingCheck.Outcome.LOSS); // no2, pm10
        assertThat(report.summary().missing()).isEqualTo(1);
        assertThat(report.summary().extra()).isEqualTo(1);
        assertThat(report.describe(false)).contains(
                "expected 8 to 10 readings of device noise-0001 metric pm10 between 2026-03-02T06:00:00Z and "
                        + "2026-03-02T06:00:09Z; the gateway has 7 (LOSS)",
                "zero loss: NO (1 metrics with LOSS, 1 readings missing)",
                "zero duplicates: NO (1 metrics with EXCESS, 1 readings extra)", "FAILED");
    }

    @Test
    void rejected_counts_are_compared_with_the_malformed_messages_sent() throws Exception {
        Ledger ledger = new Ledger();
        send(ledger, "air-0001", 5, 5);
        send(ledger, "air-0002", 5, 5);
        for (int i = 0; i < 3; i++) {
            ledger.sent(new Message("air-0001", 0, Channel.TELEMETRY, new byte[] {0}, 1, T0,
                    Tally.malformed(RejectReason.MALFORMED)));
        }
        // A device that sent nothing but malformed messages is checked too.
        ledger.sent(new Message("bad-0001", 0, Channel.TELEMETRY, new byte[] {0}, 1, T0,
                Tally.malformed(RejectReason.MALFORMED)));
        stored.put("air-0001", Map.of("pm10", 5L, "no2", 5L));
        stored.put("air-0002", Map.of("pm10", 5L, "no2", 5L));
        stored.put("bad-0001", Map.of());
        rejected.put("air-0001", 3L);
        rejected.put("air-0002", 1L);
        rejected.put("bad-0001", 1L);

        CheckReport report = check().check(ledger);

        assertThat(report.rejections()).hasSize(3);
        assertThat(report.summary().rejectionsOff()).isEqualTo(1);
        assertThat(report.describe(false)).contains(
                "expected 0 rejected messages of device air-0002; the gateway rejected 1 (EXCESS)");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void an_unknown_device_is_reported_and_its_readings_count_as_lost() throws Exception {
        Ledger ledger = new Ledger();
        send(ledger, "ghost-0001", 3, 3);

        CheckReport report = check().check(ledger);

        assertThat(report.unknownDevices()).containsExactly("ghost-0001");
        assertThat(report.summary().losses()).isEqualTo(2);
        assertThat(report.describe(false)).contains("device ghost-0001: the gateway does not know it (404)");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void a_gateway_that_answers_outside_the_contract_is_an_error_not_a_result() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
        server = vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(500)
                .end("boom")).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        Ledger ledger = new Ledger();
        send(ledger, "air-0001", 3, 3);

        CheckReport report = check().check(ledger);

        assertThat(report.errors()).singleElement().asString().contains("answered 500: boom");
        assertThat(report.readings()).isEmpty();
        assertThat(report.passed()).isFalse();
    }
}
