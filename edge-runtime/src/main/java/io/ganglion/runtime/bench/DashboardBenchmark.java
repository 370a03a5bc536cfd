package io.ganglion.runtime.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What an open dashboard costs ingest (docs/dashboard.md, "Staying light"): the gateway drains the same QoS backlog
 * from a private Mosquitto twice per round, once with nobody watching and once with the dashboard open as heavily as
 * the gateway allows: {@code streams} live streams ({@code GET /api/v1/events}, 16 at most) following the devices
 * that publish, and the overview ({@code GET /api/v1/overview}) read every second, twice as often as the page does.
 * The rate counts the readings committed after the streams were open (both variants measure from the same point).
 * The browser stand-ins run in this process, so the figure includes what reading the streams costs the machine.
 * A first round each way warms the JIT up and is not counted.
 */
final class DashboardBenchmark {
    private final ThroughputLoad load;
    private final int streams;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    DashboardBenchmark(ThroughputLoad load, int streams) {
        this.load = load;
        this.streams = streams;
    }

    void run() throws Exception {
        Path work = Files.createTempDirectory("ganglion-bench-dashboard");
        List<Double> closed = new ArrayList<>();
        List<Double> open = new ArrayList<>();
        long events = 0;
        System.out.printf("dashboard benchmark: QoS%d, %,d messages per round from %d devices, %d rounds, %d live "
                + "streams and the overview every second when open%n", load.qos(), load.messages(), load.devices(),
                load.rounds(), streams);
        try (BenchBroker broker = BenchBroker.start(load.options().mosquitto(), work)) {
            // One drain each way first, not counted: the JIT compiles the ingest path and the pages' handlers.
            drain(broker, 0, false, work);
            drain(broker, 0, true, work);
            for (int round = 1; round <= load.rounds(); round++) {
                // Alternate which goes first, so that a machine warming up favours neither.
                boolean openFirst = round % 2 == 0;
                Result first = drain(broker, round, openFirst, work);
                Result second = drain(broker, round, !openFirst, work);
                Result withDashboard = openFirst ? first : second;
                Result without = openFirst ? second : first;
                closed.add(without.rate);
                open.add(withDashboard.rate);
                events += withDashboard.events;
                System.out.printf("  round %d: dashboard closed %,.0f msg/s, open %,.0f msg/s (ratio %.3f), %,d live "
                        + "events, %d overview reads%n", round, without.rate, withDashboard.rate,
                        withDashboard.rate / without.rate, withDashboard.events, withDashboard.overviews);
            }
        }
        double closedMedian = Stats.median(closed);
        double openMedian = Stats.median(open);
        System.out.printf("RESULT dashboard qos=%d messages=%d devices=%d rounds=%d streams=%d closed_median_msg_s=%.0f"
                        + " open_median_msg_s=%.0f ratio=%.3f live_events=%d%n", load.qos(), load.messages(),
                load.devices(), load.rounds(), streams, closedMedian, openMedian, openMedian / closedMedian, events);
        BenchFiles.deleteRecursively(work);
    }

    private record Result(double rate, long events, long overviews) {
    }

    private Result drain(BenchBroker broker, int round, boolean dashboardOpen, Path work) throws Exception {
        String clientId = "gateway-" + round + (dashboardOpen ? "-open" : "-closed");
        broker.createGatewaySession(clientId, load.qos());
        broker.publishBacklog(load);
        long expected = load.messages() * 2; // temperature and sent_us per message
        Path storeDir = Files.createDirectories(work.resolve(clientId));
        AtomicLong events = new AtomicLong();
        AtomicLong overviews = new AtomicLong();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<?>> readers = new ArrayList<>();
        try (BenchGateway gateway = BenchGateway.start(
                BenchGateway.config(load.options(), broker.url(), clientId, load.qos(), load.devices(), storeDir),
                readings -> { })) {
            String base = "http://127.0.0.1:" + gateway.gateway().httpPort();
            if (dashboardOpen) {
                for (int i = 0; i < streams; i++) {
                    readers.add(follow(base, BenchPublisher.deviceId(i % load.devices()), events));
                }
                poller.scheduleAtFixedRate(() -> get(base + "/api/v1/overview", overviews), 0, 1, TimeUnit.SECONDS);
            }
            long fromNanos = System.nanoTime();
            long fromReadings = gateway.committed();
            if (!gateway.awaitCommitted(expected, 300)) {
                System.out.printf("  round %d: gateway committed only %,d of %,d readings within 300 s%n", round,
                        gateway.committed(), expected);
            }
            double seconds = (gateway.lastCommitNanos() - fromNanos) / 1e9;
            return new Result((expected - fromReadings) / 2.0 / Math.max(1e-6, seconds), events.get(),
                    overviews.get());
        } finally {
            poller.shutdownNow();
            readers.forEach(r -> r.cancel(true));
        }
    }

    /** A browser on the device page: counts the {@code readings} events of one device's live stream. */
    private CompletableFuture<?> follow(String base, String device, AtomicLong events) throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/events?device=" + device)).build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the live stream of " + device + " answered " + response.statusCode());
        }
        return CompletableFuture.runAsync(() -> {
            try (Stream<String> lines = response.body()) {
                lines.filter(line -> line.equals("event: readings")).forEach(line -> events.incrementAndGet());
            } catch (RuntimeException closed) {
                // the gateway stopped at the end of the round
            }
        });
    }

    private void get(String url, AtomicLong count) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
            count.incrementAndGet();
        } catch (Exception e) {
            // the gateway stopped at the end of the round
        }
    }
}
