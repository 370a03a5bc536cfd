package io.ganglion.sim.check;

import io.ganglion.sim.ledger.Expectation;
import io.ganglion.sim.ledger.FrameCheck;
import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.ledger.PinCheck;
import io.ganglion.sim.ledger.PinExpectation;
import io.ganglion.sim.ledger.ReadingCheck;
import io.ganglion.sim.ledger.RejectionCheck;
import io.ganglion.sim.run.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * After a run: asks the gateway, for each device and metric of the {@link Ledger}, how many readings it stored in
 * the window the readings were sent in, and checks them by the ledger's rule ({@link Expectation}); for each GPIO
 * device, what its pins counted ({@link PinExpectation}); for each camera, its frames ({@link FrameCheck}); for each
 * device, its rejected count against the malformed messages sent. One query per device and window (the metrics of one
 * message share its timestamp, so normally one per device), {@code parallelism} at once.
 *
 * <pre>{@code
 * CheckReport report = new EndOfRunCheck(new GatewayClient(URI.create("http://127.0.0.1:8080"), Duration.ofSeconds(10)))
 *         .check(result.ledger());
 * report.describe(false).forEach(System.out::println);
 * }</pre>
 */
public final class EndOfRunCheck {
    private static final Duration MIN_SLACK = Duration.ofSeconds(5);

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

    /**
     * How far to widen the windows after {@code run}: payloads without a device time are stored at their receive
     * time, so by how far the wall clock ran behind (or ahead of) the simulated one, plus 5 s of delivery delay.
     */
    public static Duration slackAfter(RunResult run) {
        long simulated = Duration.between(run.simulatedFrom(), run.simulatedTo()).toMillis();
        return MIN_SLACK.plusMillis(Math.abs(run.elapsed().toMillis() - simulated));
    }

    /**
     * The check of a finished run against {@code gateway}: its ledger, with the windows widened by
     * {@link #slackAfter}, {@code settle} to wait for what is still due, and an error when the run dropped messages
     * unsent (a full queue, no connection), which a comparison of what was sent cannot see.
     */
    public static CheckReport afterRun(GatewayClient gateway, RunResult run, Duration settle)
            throws InterruptedException {
        CheckReport report = new EndOfRunCheck(gateway, slackAfter(run), 8).check(run.ledger(), settle);
        long dropped = run.totals().dropped();
        return dropped == 0 ? report : report.withError(String.format(java.util.Locale.ROOT,
                "the run dropped %,d messages it never sent (no connection, or a full queue)", dropped));
    }

    /**
     * {@link #check(Ledger)}, repeated every half second while all that is wrong may still right itself
     * ({@link CheckReport#onlyPending}) until {@code settle} has passed: a gateway behind a broker may still be
     * storing what the broker forwarded, a GPIO window may still be open, a frame still in the model.
     */
    public CheckReport check(Ledger ledger, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            CheckReport report = check(ledger);
            if (report.passed() || !report.onlyPending() || System.nanoTime() - deadline >= 0) {
                return report;
            }
            Thread.sleep(500);
        }
    }

    /**
     * The ledger against the gateway: its readings (count by count), its GPIO devices' readings (sum by sum, see
     * {@link PinExpectation}), its cameras' frames, and every device's rejected count.
     */
    public CheckReport check(Ledger ledger) throws InterruptedException {
        Map<Window, List<Expectation>> byWindow = new LinkedHashMap<>();
        for (Expectation expected : ledger.expectations()) {
            // The store's window is [from, to): the ledger's last timestamp is inclusive.
            Window window = new Window(expected.deviceId(), expected.from() - slack.toMillis(),
                    expected.to() + 1 + slack.toMillis());
            byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(expected);
        }
        // A GPIO device's readings are stamped by the gateway's clock at the end of its windows: from the run's first
        // pulse on, all of them.
        Map<Window, List<PinExpectation>> pinWindows = new LinkedHashMap<>();
        Map<String, List<PinExpectation>> pinsByDevice = new TreeMap<>();
        ledger.pinExpectations().forEach(p -> pinsByDevice.computeIfAbsent(p.deviceId(), d -> new ArrayList<>()).add(p));
        pinsByDevice.forEach((device, expectations) -> pinWindows.put(new Window(device,
                expectations.stream().mapToLong(PinExpectation::firstSentAt).min().orElseThrow(), Long.MAX_VALUE),
                expectations));
        TreeSet<String> devices = new TreeSet<>(ledger.malformedSentByDevice().keySet());
        byWindow.keySet().forEach(window -> devices.add(window.device()));
        devices.addAll(pinsByDevice.keySet());
        List<Window> all = new ArrayList<>(byWindow.keySet());
        all.addAll(pinWindows.keySet());
        Set<String> queried = new HashSet<>();
        all.forEach(window -> queried.add(window.device()));
        for (String device : devices) {
            if (!queried.contains(device)) {
                all.add(new Window(device, 0, 1)); // for its rejected count only
            }
        }

        Map<String, String> failures = new ConcurrentHashMap<>();
        Map<Window, Optional<DeviceCounts>> answers = ask(all, w -> gateway.counts(w.device(), w.from(), w.to()),
                Window::device, failures);
        Map<String, Optional<CameraCounts>> cameras = ask(new ArrayList<>(ledger.cameras()), gateway::camera,
                camera -> camera, failures);

        List<ReadingCheck> readings = new ArrayList<>();
        List<PinCheck> pins = new ArrayList<>();
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
            for (PinExpectation expected : pinWindows.getOrDefault(window, List.of())) {
                pins.add(expected.check(answer.map(c -> c.readings(expected.metric())).orElse(0L),
                        answer.map(c -> c.sum(expected.metric())).orElse(0.0)));
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
        List<FrameCheck> frames = new ArrayList<>();
        cameras.forEach((camera, answer) -> answer.ifPresentOrElse(c -> frames.add(new FrameCheck(camera,
                ledger.framesSent(camera), ledger.framesAcknowledged(camera), c.received(), c.analysed(), c.dropped(),
                c.rejected())), () -> unknown.add(camera)));
        frames.sort(Comparator.comparing(FrameCheck::cameraId));
        List<String> errors = new ArrayList<>(new TreeSet<>(failures.values()));
        return new CheckReport(readings, rejections, pins, frames, List.copyOf(unknown), errors);
    }

    /** Asks the gateway about each key, {@code parallelism} at once; a failed query goes to {@code failures}. */
    private <K, V> Map<K, Optional<V>> ask(List<K> keys, Function<K, CompletableFuture<Optional<V>>> query,
                                           Function<K, String> device, Map<String, String> failures)
            throws InterruptedException {
        Map<K, Optional<V>> answers = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(parallelism);
        List<CompletableFuture<Void>> queries = new ArrayList<>();
        for (K key : keys) {
            inFlight.acquire();
            queries.add(query.apply(key).handle((answer, error) -> {
                inFlight.release();
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    failures.put(device.apply(key) + " " + key, device.apply(key) + ": " + cause.getMessage());
                } else {
                    answers.put(key, answer);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(queries.toArray(new CompletableFuture<?>[0])).join();
        return answers;
    }
}
