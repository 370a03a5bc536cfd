package io.ganglion.drivers.gpio;

import com.pi4j.context.Context;
import io.ganglion.drivers.Driver;
import io.ganglion.drivers.IngestSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins wired to the gateway itself, through Pi4J. Inputs are reported per device as one JSON object per window
 * ({@code counter}, {@code level}; windows aligned to the wall clock, {@code ts} = window end) and per change
 * ({@code edge}); outputs ({@code relay}, {@code pwm}) are set with {@link #setOutput} and reported on each change.
 *
 * <p>All Pi4J calls and all reporting run on the driver's one scheduler thread; Pi4J's listener threads only update
 * pin state. {@link #stop} reports the partial window since the last boundary (stamped with the stop time), so that
 * a restart loses no counted vehicle, then shuts the Pi4J context down.
 */
public final class GpioDriver implements Driver {
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Edge reports waiting for the scheduler; beyond this a flapping input's changes are dropped and counted. */
    static final int MAX_PENDING_EDGE_REPORTS = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(GpioDriver.class);

    private final List<GpioDevice> devices;
    private final GpioProvider requested;
    private final GpioProvider provider;
    private final Duration stopTimeout;
    private final EpochMicros clock = new EpochMicros();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gpio-driver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pendingEdgeReports = new AtomicInteger();
    private final Map<String, DevicePins> pins = new LinkedHashMap<>(); // scheduler thread only after start
    private volatile Context context;
    private volatile ReadingSubmitter submitter;
    private volatile boolean stopping;

    /**
     * @param devices  the devices and their pins; no two may use one pin number
     * @param provider {@link GpioProvider#AUTO} on a gateway: the kernel's GPIO device if there is one, else mock
     */
    public GpioDriver(List<GpioDevice> devices, GpioProvider provider, Duration stopTimeout) {
        this.devices = List.copyOf(devices);
        checkNoSharedPins(this.devices);
        this.requested = provider;
        this.provider = provider.resolve(Path.of("/dev"));
        this.stopTimeout = stopTimeout;
    }

    /** Pins are the gateway's, not a device's: two devices declaring one pin is a wiring mistake to refuse early. */
    private static void checkNoSharedPins(List<GpioDevice> devices) {
        Map<Integer, String> owners = new HashMap<>();
        for (GpioDevice device : devices) {
            device.pins().pins().forEach((name, pin) -> {
                String owner = owners.putIfAbsent(pin.pin(), device.id() + "." + name);
                if (owner != null) {
                    throw new IllegalArgumentException("GPIO " + pin.pin() + " is declared by both " + owner + " and "
                            + device.id() + "." + name + "; a pin can be wired to one device only");
                }
            });
        }
    }

    @Override
    public String name() {
        return "gpio " + provider.name().toLowerCase(Locale.ROOT) + " (" + devices.size() + " devices)";
    }

    @Override
    public CompletionStage<Void> start(IngestSink sink) {
        return CompletableFuture.runAsync(() -> {
            submitter = new ReadingSubmitter(scheduler, sink);
            if (provider == GpioProvider.MOCK) {
                LOG.info(requested == GpioProvider.AUTO
                        ? "GPIO: no /dev/gpiochip* on this machine, using Pi4J's mock pins (nothing is wired to them)"
                        : "GPIO: using Pi4J's mock pins, as requested");
            } else {
                LOG.info("GPIO: pins through the kernel's GPIO device (gpiod), PWM through sysfs");
            }
            context = Pi4jContexts.create(provider);
            for (GpioDevice device : devices) {
                pins.put(device.id(), DevicePins.open(device, context, provider == GpioProvider.GPIOD, clock,
                        scheduler, this::onEdge));
            }
            scheduleWindows(clock.now() / 1000);
        }, scheduler).whenComplete((ok, error) -> {
            if (error != null) {
                stop();
            }
        });
    }

    /**
     * Sets an output and reports its new state as a reading.
     *
     * @param value relay: 0 (off) or 1 (on); pwm: the duty cycle, 0 to 100 %
     * @return completes when the pin is set; fails with {@link IllegalArgumentException} for an unknown device or
     *     pin, an input pin, or a value the pin does not take, and with {@link IllegalStateException} when stopped
     */
    public CompletionStage<Void> setOutput(String deviceId, String pinName, double value) {
        try {
            return CompletableFuture.runAsync(() -> {
                DevicePins device = pins.get(deviceId);
                if (device == null) {
                    throw new IllegalArgumentException("no GPIO device '" + deviceId + "'; GPIO devices are "
                            + pins.keySet());
                }
                OutputPin output = device.output(pinName).orElseThrow(() -> new IllegalArgumentException(
                        "device '" + deviceId + "' has no relay or pwm pin '" + pinName + "'"));
                if (stopping) {
                    throw new IllegalStateException("the GPIO driver is stopping");
                }
                output.set(value);
                long now = clock.now() / 1000;
                submitter.submit(device.message(DevicePins.outputReport(output, now), now));
            }, scheduler);
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("the GPIO driver is stopped"));
        }
    }

    /** Whether this driver has the device's pins: commands to it go through {@link GpioDownlink}. */
    public boolean drives(String deviceId) {
        return devices.stream().anyMatch(device -> device.id().equals(deviceId));
    }

    /** The Pi4J context the pins live in, e.g. for a test to drive mock pins; null before start. */
    public Context context() {
        return context;
    }

    /** Reports dropped because the pipeline stayed full, or failed to be stored. */
    public long droppedReports() {
        ReadingSubmitter current = submitter;
        return current == null ? 0 : current.dropped();
    }

    /** Submits retried after the pipeline said it was full. */
    public long retriedReports() {
        ReadingSubmitter current = submitter;
        return current == null ? 0 : current.retries();
    }

    /** A debounced change of an edge pin (Pi4J listener or scheduler thread): reported from the scheduler. */
    private void onEdge(DevicePins device, InputPin pin) {
        boolean active = pin.active();
        long at = clock.now() / 1000;
        if (pendingEdgeReports.incrementAndGet() > MAX_PENDING_EDGE_REPORTS) {
            pendingEdgeReports.decrementAndGet();
            submitter.countDropped(device.deviceId(), "edge reports pile up faster than they are submitted");
            return;
        }
        try {
            scheduler.execute(() -> {
                pendingEdgeReports.decrementAndGet();
                submitter.submit(device.message(DevicePins.edgeReport(pin, active, at), at));
            });
        } catch (RejectedExecutionException stopped) {
            pendingEdgeReports.decrementAndGet();
        }
    }

    private void scheduleWindows(long afterMillis) {
        long next = pins.values().stream().flatMapToLong(DevicePins::windowsMillis)
                .map(window -> (afterMillis / window + 1) * window).min().orElse(-1);
        if (next < 0 || stopping) {
            return; // no windowed pin
        }
        long delayMicros = Math.max(0, next * 1000 - clock.now());
        scheduler.schedule(() -> closeWindows(next), delayMicros, TimeUnit.MICROSECONDS);
    }

    private void closeWindows(long boundaryMillis) {
        if (stopping) {
            return;
        }
        long end = clock.now();
        for (DevicePins device : pins.values()) {
            device.closeWindows(boundaryMillis, end, false)
                    .ifPresent(report -> submitter.submit(device.message(report, boundaryMillis)));
        }
        // After a stall longer than a window, go on from now rather than reporting every missed boundary at once.
        scheduleWindows(Math.max(boundaryMillis, end / 1000));
    }

    @Override
    public CompletionStage<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            scheduler.execute(() -> {
                if (stopping) {
                    done.complete(null);
                    return;
                }
                stopping = true;
                flushPartialWindows();
                shutDownContext();
                awaitSubmitted(System.nanoTime() + stopTimeout.toNanos(), done);
            });
        } catch (RejectedExecutionException alreadyStopped) {
            done.complete(null);
        }
        return done;
    }

    private void flushPartialWindows() {
        if (submitter == null) {
            return;
        }
        long end = clock.now();
        for (DevicePins device : pins.values()) {
            device.closeWindows(end / 1000, end, true)
                    .ifPresent(report -> submitter.submit(device.message(report, end / 1000)));
        }
    }

    private void shutDownContext() {
        Context current = context;
        if (current != null) {
            try {
                current.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("GPIO: Pi4J did not shut down cleanly: {}", e.toString());
            }
        }
    }

    /** Polls until every report is handled or the deadline passes, without blocking the scheduler's retries. */
    private void awaitSubmitted(long deadlineNanos, CompletableFuture<Void> done) {
        ReadingSubmitter current = submitter;
        if (current == null || current.inFlight() == 0 || System.nanoTime() > deadlineNanos) {
            if (current != null && current.inFlight() > 0) {
                LOG.warn("GPIO: stopped with {} reports not yet stored", current.inFlight());
            }
            scheduler.shutdownNow();
            done.complete(null);
            return;
        }
        scheduler.schedule(() -> awaitSubmitted(deadlineNanos, done), 20, TimeUnit.MILLISECONDS);
    }
}
