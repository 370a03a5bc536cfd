package io.ganglion.sim.check;

import io.ganglion.sim.ledger.Expectation;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.ledger.ReadingCheck;
import io.ganglion.sim.ledger.RejectionCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * After a run: asks the gateway, for each device and metric of the {@link Ledger}, how many readings it stored in
 * the window the readings were sent in, and checks them by the ledger's rule ({@link Expectation}); for each device,
 * its rejected count against the malformed messages sent. One query per device and window (the metrics of one
 * message share its timestamp, so normally one per device), {@code parallelism} at once.
 *
 * <pre>{@code
 * CheckReport report = new EndOfRunCheck(new GatewayClient(URI.create("http://127.0.0.1:8080"), Duration.ofSeconds(10)))
 *         .check(result.ledger());
 * report.describe(false).forEach(System.out::println);
 * }</pre>
 */
public final class EndOfRunCheck {
    private final GatewayClient gateway;
    private final Duration slack;
    private final int parallelism;

    public EndOfRunCheck(GatewayClient gateway) {
        this(gateway, Duration.ZERO, 8);
    }

    /**
     * @param slack       widens every window by this much either way: for payloads without a device time, which the
     *                    gateway stores at its receive time (run with the wall clock as the start)
     * @param parallelism queries in flight at once, 1 to 256
     */
    public EndOfRunCheck(GatewayClient gateway, Duration slack, int parallelism) {
        if (slack.isNegative()) {
            throw new IllegalArgumentException("slack: expected zero or more, got " + slack);
        }
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism: expected 1 to 256, got " + parallelism);
        }
        this.gateway = gateway;
        this.slack = slack;
        this.parallelism = parallelism;
    }

    private record Window(String device, long from, long to) {
    }

    public CheckReport check(Ledger ledger) throws InterruptedException {
        Map<Window, List<Expectation>> byWindow = new LinkedHashMap<>();
        for (Expectation expected : ledger.expectations()) {
            // The store's window is [from, to): the ledger's last timestamp is inclusive.
            Window window = new Window(expected.deviceId(), expected.from() - slack.toMillis(),
                    expected.to() + 1 + slack.toMillis());
            byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(expected);
        }
        TreeSet<String> devices = new TreeSet<>(ledger.malformedSentByDevice().keySet());
        byWindow.keySet().forEach(window -> devices.add(window.device()));
        Map<String, Window> rejectionOnly = new LinkedHashMap<>();
        for (String device : devices) {
            if (byWindow.keySet().stream().noneMatch(w -> w.device().equals(device))) {
                rejectionOnly.put(device, new Window(device, 0, 1));
            }
        }

        Map<Window, Optional<DeviceCounts>> answers = new ConcurrentHashMap<>();
        Map<Window, String> failures = new ConcurrentHashMap<>();
        List<Window> all = new ArrayList<>(byWindow.keySet());
        all.addAll(rejectionOnly.values());
        Semaphore inFlight = new Semaphore(parallelism);
        List<CompletableFuture<Void>> queries = new ArrayList<>();
        for (Window window : all) {
            inFlight.acquire();
            queries.add(gateway.counts(window.device(), window.from(), window.to()).handle((answer, error) -> {
                inFlight.release();
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    failures.put(window, window.device() + ": " + cause.getMessage());
                } else {
                    answers.put(window, answer);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(queries.toArray(new CompletableFuture<?>[0])).join();

        List<ReadingCheck> readings = new ArrayList<>();
        TreeSet<String> unknown = new TreeSet<>();
        Map<String, Long> rejected = new LinkedHashMap<>();
        for (Window window : all) {
            Optional<DeviceCounts> answer = answers.get(window);
            if (answer == null) {
                continue; // a failure, reported as such
            }
            answer.ifPresentOrElse(counts -> rejected.put(window.device(), counts.rejected()),
                    () -> unknown.add(window.device()));
            for (Expectation expected : byWindow.getOrDefault(window, List.of())) {
                readings.add(expected.check(answer.map(c -> c.readings(expected.metric())).orElse(0L)));
            }
        }
        readings.sort(Comparator.comparing((ReadingCheck c) -> c.expected().deviceId())
                .thenComparing(c -> c.expected().metric()));
        List<RejectionCheck> rejections = new ArrayList<>();
        for (String device : devices) {
            if (rejected.containsKey(device) || unknown.contains(device)) {
                rejections.add(new RejectionCheck(device, ledger.malformedSent(device),
                        rejected.getOrDefault(device, 0L)));
            }
        }
        List<String> errors = new ArrayList<>(new TreeSet<>(failures.values()));
        return new CheckReport(readings, rejections, List.copyOf(unknown), errors);
    }
}
