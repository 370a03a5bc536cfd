package io.ganglion.sim.run;

import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.net.CoapLink;
import io.ganglion.sim.net.CoapSettings;
import io.ganglion.sim.net.MqttLink;
import io.ganglion.sim.net.MqttSettings;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.EventStream;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.plan.SimEvent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Plan} against a gateway in real time (or {@code speed} times faster): takes its events in order on
 * one thread, waits until each is due (simulated time since the plan's start, divided by the speed, after the
 * run's start on the wall clock), and hands it to the link of its device's transport, which records what becomes of
 * it in the {@link Ledger}. Stops at the plan's end, after {@link Builder#runFor}, or on {@link #stop()}; then waits
 * up to {@link Builder#drainTimeout} for outstanding confirmations and closes every connection cleanly.
 *
 * <pre>{@code
 * Runner runner = Runner.builder(plan)
 *         .mqtt(MqttSettings.of("127.0.0.1", 1883))
 *         .coap(CoapSettings.of("127.0.0.1", 5683, 5684))
 *         .progressEvery(Duration.ofSeconds(10), p -> System.out.println(p.describe()))
 *         .build();
 * RunResult result = runner.run();          // blocks; runner.stop() from another thread ends it early
 * }</pre>
 *
 * <p>Build and run it off any Vert.x event loop ({@link #start()} runs on a thread of its own): {@link #run()} blocks,
 * and each MQTT device takes a context of its own, which on an event-loop thread would be that thread's one.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Plan plan;
    private final Builder options;
    private final Ledger ledger;
    private final RunStats stats = new RunStats();
    private final Recorder recorder;
    private final Link[] links;
    private final List<Link> opened = new ArrayList<>();
    private final List<String> notSimulated = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile long lagMillis;
    private volatile long reached;

    private Runner(Builder options) {
        this.plan = options.plan;
        this.options = options;
        this.ledger = options.ledger != null ? options.ledger : new Ledger();
        this.recorder = new Recorder(ledger, stats);
        this.links = new Link[plan.fleet().size()];
        this.reached = plan.start();
        try {
            openLinks();
        } catch (RuntimeException e) {
            opened.forEach(link -> link.close(Duration.ZERO));
            throw e;
        }
    }

    public static Builder builder(Plan plan) {
        return new Builder(plan);
    }

    private void openLinks() {
        List<DeviceInfo> mqtt = new ArrayList<>();
        List<DeviceInfo> coap = new ArrayList<>();
        List<DeviceInfo> gpio = new ArrayList<>();
        for (DeviceInfo device : plan.fleet().devices()) {
            switch (device.transport()) {
                case MQTT -> mqtt.add(device);
                case COAP, COAPS -> coap.add(device);
                case GPIO -> gpio.add(device);
            }
        }
        if (!mqtt.isEmpty()) {
            if (options.mqtt == null) {
                throw new IllegalArgumentException("the scenario has " + mqtt.size() + " MQTT devices (" + mqtt.get(0).id()
                        + ", ...): give an MQTT target");
            }
            assign(mqtt, new MqttLink(options.vertx, mqtt, options.mqtt, recorder));
        }
        if (!coap.isEmpty()) {
            if (options.coap == null) {
                throw new IllegalArgumentException("the scenario has " + coap.size() + " CoAP devices (" + coap.get(0).id()
                        + ", ...): give a CoAP target");
            }
            assign(coap, new CoapLink(coap, options.coap, recorder));
        }
        if (!gpio.isEmpty()) {
            if (options.gpio == null) {
                gpio.forEach(device -> notSimulated.add(device.id()));
                LOG.info("{} GPIO devices ({} ... {}) are not simulated: their pins are the gateway's, and no GPIO hook "
                        + "was given (only an in-process caller such as the demo has one)", gpio.size(),
                        gpio.get(0).id(), gpio.get(gpio.size() - 1).id());
            } else {
                gpio.forEach(options.gpio::prepare);
                assign(gpio, new GpioLink(plan.fleet(), options.gpio, recorder));
            }
        }
    }

    private void assign(List<DeviceInfo> devices, Link link) {
        opened.add(link);
        devices.forEach(device -> links[device.ordinal()] = link);
    }

    /** Ends the run early (from any thread): {@link #run()} then drains, closes and returns. */
    public void stop() {
        stopRequested = true;
    }

    /** The ledger this run records into. */
    public Ledger ledger() {
        return ledger;
    }

    /** The counts so far, from any thread. */
    public RunStats.Snapshot totals() {
        return stats.snapshot();
    }

    /** Runs on a thread of its own; the future completes with the result. */
    public CompletableFuture<RunResult> start() {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "sim-runner");
        thread.start();
        return result;
    }

    /** Plays the plan on the calling thread until its end, {@code runFor} or {@link #stop()}. */
    public RunResult run() {
        long wallStart = System.nanoTime();
        long simStart = plan.start();
        long end = plan.end();
        if (options.runFor != null) {
            end = Math.min(end, simStart + options.runFor.toMillis());
        }
        ProgressReporter reporter = new ProgressReporter(wallStart);
        ScheduledExecutorService progress = null;
        if (options.progress != null && !options.progressEvery.isZero()) {
            progress = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "sim-progress");
                thread.setDaemon(true);
                return thread;
            });
            long every = options.progressEvery.toMillis();
            progress.scheduleAtFixedRate(() -> options.progress.accept(reporter.report()), every, every,
                    TimeUnit.MILLISECONDS);
        }
        EventStream events = plan.events();
        try {
            while (!stopRequested) {
                long at = events.peekTime();
                if (at >= end) {
                    break;
                }
                long due = wallStart + (long) ((at - simStart) * 1_000_000.0 / options.speed);
                if (!waitUntil(due)) {
                    break;
                }
                SimEvent event = events.next();
                reached = event.at();
                lagMillis = Math.max(0, (System.nanoTime() - due) / 1_000_000);
                dispatch(event);
            }
            boolean stopped = stopRequested;
            if (!stopped && end != Long.MAX_VALUE) {
                reached = end;
            }
            long unsettled = drain();
            opened.forEach(link -> link.close(options.closeTimeout));
            Progress last = reporter.report();
            if (options.progress != null) {
                options.progress.accept(last);
            }
            return new RunResult(ledger, stats.snapshot(), recorder.rejectedByDevice(), List.copyOf(notSimulated),
                    Duration.ofNanos(System.nanoTime() - wallStart), Instant.ofEpochMilli(simStart),
                    Instant.ofEpochMilli(reached), stopped, unsettled);
        } finally {
            if (progress != null) {
                progress.shutdownNow();
            }
        }
    }

    private boolean waitUntil(long dueNanos) {
        for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
            if (stopRequested) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, MAX_PARK_NANOS));
        }
        return !stopRequested;
    }

    private void dispatch(SimEvent event) {
        Link link = links[event.deviceOrdinal()];
        if (event instanceof Message message) {
            if (link == null) {
                recorder.skipped(message);
            } else {
                link.send(message);
            }
        } else if (link != null) {
            link.connection((ConnectionEvent) event);
        }
    }

    /** Waits for outstanding confirmations; returns how many never came. */
    private long drain() {
        long deadline = System.nanoTime() + options.drainTimeout.toNanos();
        long pending = pending();
        while (pending > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            pending = pending();
        }
        if (pending > 0) {
            LOG.warn("{} messages still unconfirmed after {} ms; closing anyway", pending,
                    options.drainTimeout.toMillis());
        }
        return pending;
    }

    private long pending() {
        long pending = 0;
        for (Link link : opened) {
            pending += link.pending();
        }
        return pending;
    }

    /** Rates between two reports. */
    private final class ProgressReporter {
        private final long wallStart;
        private long lastNanos;
        private long lastSent;
        private long lastAcked;

        ProgressReporter(long wallStart) {
            this.wallStart = wallStart;
            this.lastNanos = wallStart;
        }

        synchronized Progress report() {
            long now = System.nanoTime();
            RunStats.Snapshot totals = stats.snapshot();
            double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
            Progress progress = new Progress(Duration.ofNanos(now - wallStart), Instant.ofEpochMilli(reached),
                    totals, (totals.sent() - lastSent) / seconds, (totals.acknowledged() - lastAcked) / seconds,
                    pending(), lagMillis);
            lastNanos = now;
            lastSent = totals.sent();
            lastAcked = totals.acknowledged();
            return progress;
        }
    }

    /** The runner's options; only the plan and the targets of its transports are required. */
    public static final class Builder {
        private final Plan plan;
        private MqttSettings mqtt;
        private CoapSettings coap;
        private GpioPins gpio;
        private Vertx vertx;
        private Ledger ledger;
        private double speed = 1.0;
        private Duration runFor;
        private Duration progressEvery = Duration.ofSeconds(10);
        private Consumer<Progress> progress = p -> LOG.info("{}", p.describe());
        private Duration drainTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);

        private Builder(Plan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
        }

        /** The MQTT broker of the MQTT devices (required when the scenario has any). */
        public Builder mqtt(MqttSettings settings) {
            this.mqtt = settings;
            return this;
        }

        /** The gateway's CoAP and CoAPS ports (required when the scenario has CoAP devices). */
        public Builder coap(CoapSettings settings) {
            this.coap = settings;
            return this;
        }

        /** The GPIO hook of an in-process caller; without it GPIO devices are skipped and counted. */
        public Builder gpio(GpioPins pins) {
            this.gpio = pins;
            return this;
        }

        /** A Vert.x to run the MQTT clients on (the caller closes it); default: one of the run's own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /** The ledger to record into; default: a new one, in {@link RunResult#ledger()}. */
        public Builder ledger(Ledger ledger) {
            this.ledger = ledger;
            return this;
        }

        /** Simulated seconds per wall second, 0.001 to 1000; default 1 (real time). */
        public Builder speed(double speed) {
            if (!(speed >= 0.001 && speed <= 1000)) {
                throw new IllegalArgumentException("speed: expected 0.001 to 1000, got " + speed);
            }
            this.speed = speed;
            return this;
        }

        /** Ends the run this long (simulated) after the plan's start, if its own end is later. */
        public Builder runFor(Duration length) {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("runFor: expected a positive duration, got " + length);
            }
            this.runFor = length;
            return this;
        }

        /** A progress report every {@code interval} (zero: none but the last) to {@code sink}. */
        public Builder progressEvery(Duration interval, Consumer<Progress> sink) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("progressEvery: expected zero or more, got " + interval);
            }
            this.progressEvery = interval;
            this.progress = sink;
            return this;
        }

        /** How long to wait at the end for outstanding confirmations; default 10 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
            return this;
        }

        /** How long closing the connections may take; default 5 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
            return this;
        }

        /**
         * Opens the links (client endpoints; MQTT clients connect when their devices do).
         *
         * @throws IllegalArgumentException when the scenario has devices of a transport without a target
         */
        public Runner build() {
            return new Runner(this);
        }
    }
}
