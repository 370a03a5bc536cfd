package io.ganglion.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.sim.ledger.FrameCheck;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.ledger.PinCheck;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** device/metric -> the sum of the stored readings. */
    private final Map<String, Double> sums = new ConcurrentHashMap<>();
    /** camera -> frames received, analysed, dropped, rejected; absent camera: 404. */
    private final Map<String, long[]> cameras = new ConcurrentHashMap<>();
    private final AtomicInteger cameraQueries = new AtomicInteger();

    @BeforeEach
    void startStandIn() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            queries.add(request.uri());
            String[] path = request.path().split("/");
            if (path.length == 5 && path[3].equals("cameras")) { // /api/v1/cameras/{id}
                long[] frames = cameras.get(path[4]);
                if (frames == null) {
                    request.response().setStatusCode(404).end("{\"error\": \"no camera\"}");
                    return;
                }
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("id", path[4]).put("frames", new JsonObject().put("received", frames[0])
                                .put("analysed", frames[1]).put("dropped", frames[2]).put("rejected", frames[3])
                                .put("late", 0)).encode());
                cameraQueries.incrementAndGet();
                return;
            }
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
            metrics.forEach((metric, n) -> counts.put(metric, new JsonObject().put("readings", n).put("bad", 0)
                    .put("sum", sums.getOrDefault(device + "/" + metric, 0.0))));
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

    /** A loop detector's message to the pins: {@code vehicles} pulses and an occupancy. */
    private static Message loop(String device, double vehicles) {
        return new Message(device, 0, Channel.TELEMETRY, new byte[] {1}, 1, T0, Tally.readings(List.of(
                new Reading(device, "vehicles", T0, vehicles, "1", Quality.GOOD),
                new Reading(device, "occupancy", T0, 20, "%", Quality.GOOD))));
    }

    @Test
    void gpio_counters_are_checked_by_their_sum_from_the_first_pulse_on_whatever_windows_the_gateway_used()
            throws Exception {
        Ledger ledger = new Ledger();
        for (double vehicles : new double[] {4, 7, 3}) {
            Message message = loop("loop-0001", vehicles);
            ledger.sentToPins(message, Set.of("vehicles"), T0);
            ledger.playedOnPins(message);
        }
        Message cutShort = loop("loop-0001", 5); // handed to the pins, not played in full: 14 to 19 may be counted
        ledger.sentToPins(cutShort, Set.of("vehicles"), T0 + 30_000);
        // The gateway reported 2 windows of its own: 9 and 7 vehicles.
        stored.put("loop-0001", Map.of("vehicles", 2L, "occupancy", 2L));
        sums.put("loop-0001/vehicles", 16.0);

        CheckReport report = check().check(ledger);

        assertThat(report.passed()).as(String.join("\n", report.describe(true))).isTrue();
        assertThat(report.readings()).as("pins are not checked message by message").isEmpty();
        assertThat(report.pins()).extracting(p -> p.expected().metric(), PinCheck::passed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("occupancy", true),
                        org.assertj.core.groups.Tuple.tuple("vehicles", true));
        assertThat(report.describe(true)).contains("expected 14 to 19 counted on the pins of device loop-0001 metric "
                + "vehicles; the gateway counted 16 in 2 readings (OK)",
                "GPIO pins: counted as played (2 metrics of 1 devices checked, 0 off)");
        assertThat(queries).containsExactly("/api/v1/devices/loop-0001/counts?from=" + T0 + "&to=" + Long.MAX_VALUE);

        sums.put("loop-0001/vehicles", 13.0);
        assertThat(check().check(ledger).pins()).extracting(PinCheck::outcome)
                .contains(ReadingCheck.Outcome.LOSS);
        sums.put("loop-0001/vehicles", 20.0);
        assertThat(check().check(ledger).pins()).extracting(PinCheck::outcome)
                .contains(ReadingCheck.Outcome.EXCESS);
        sums.put("loop-0001/vehicles", 16.0);
        stored.put("loop-0001", Map.of("vehicles", 2L));
        CheckReport unreported = check().check(ledger);
        assertThat(unreported.passed()).isFalse();
        assertThat(unreported.describe(false)).contains("expected device loop-0001 metric occupancy reported from its "
                + "pins (3 messages played); the gateway has 0 readings (LOSS)");
    }

    /** A camera's frame at QoS 0: acknowledged once sent. */
    private static void frame(Ledger ledger, String camera) {
        Message frame = new Message(camera, 0, Channel.FRAMES, new byte[] {(byte) 0xff, (byte) 0xd8}, 0, T0,
                Tally.frame());
        ledger.sent(frame);
        ledger.acknowledged(frame);
    }

    @Test
    void every_frame_acknowledged_must_be_received_and_analysed_dropped_or_rejected() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < 10; i++) {
            frame(ledger, "cam-0001");
            frame(ledger, "cam-0002");
        }
        frame(ledger, "cam-0003");
        cameras.put("cam-0001", new long[] {10, 7, 2, 1});
        cameras.put("cam-0002", new long[] {9, 9, 0, 0});

        CheckReport report = check().check(ledger);

        assertThat(report.frames()).extracting(FrameCheck::cameraId, FrameCheck::passed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cam-0001", true),
                org.assertj.core.groups.Tuple.tuple("cam-0002", false));
        assertThat(report.unknownDevices()).containsExactly("cam-0003");
        assertThat(report.describe(false)).contains("expected 10 frames of camera cam-0002 (10 sent); the gateway "
                + "received 9: 9 analysed, 0 dropped, 0 rejected (LOSS)",
                "camera frames: NOT all accounted for (20 acknowledged, 19 received, 16 analysed, 1 cameras off)");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void a_frame_still_in_the_model_is_waited_for_until_the_settle_time() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < 5; i++) {
            frame(ledger, "cam-0001");
        }
        cameras.put("cam-0001", new long[] {5, 4, 0, 0}); // one frame still being analysed

        CheckReport first = check().check(ledger);
        assertThat(first.frames()).singleElement().extracting(FrameCheck::pending).isEqualTo(1L);
        assertThat(first.onlyPending()).isTrue();
        assertThat(first.describe(false)).contains("expected 5 frames of camera cam-0001 (5 sent); the gateway "
                + "received 5: 4 analysed, 0 dropped, 0 rejected (PENDING)");

        Thread analysed = new Thread(() -> {
            while (cameraQueries.get() < 3) {
                Thread.onSpinWait();
            }
            cameras.put("cam-0001", new long[] {5, 5, 0, 0});
        });
        analysed.start();
        CheckReport settled = check().check(ledger, Duration.ofSeconds(10));
        analysed.join();

        assertThat(settled.passed()).as(String.join("\n", settled.describe(true))).isTrue();
        assertThat(cameraQueries.get()).as("asked again while the frame was pending").isGreaterThanOrEqualTo(3);
    }
}
