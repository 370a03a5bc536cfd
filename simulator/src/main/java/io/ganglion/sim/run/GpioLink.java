package io.ganglion.sim.run;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.GpioMode;
import io.ganglion.profiles.model.GpioTransport;
import io.ganglion.sim.plan.Channel;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Fleet;
import io.ganglion.sim.plan.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GPIO devices through a {@link GpioPins} hook; status messages have no meaning for a pin and are skipped. What is
 * handed to the pins goes to the ledger's pin accounts ({@link io.ganglion.sim.ledger.Ledger#sentToPins}), with the
 * metrics that are pulse counts: the {@code count} of a pin in {@code counter} mode.
 */
final class GpioLink implements Link {
    private final Fleet fleet;
    private final GpioPins pins;
    private final Recorder recorder;
    private final AtomicLong pending = new AtomicLong();
    private final Map<String, Set<String>> countersByProfile = new ConcurrentHashMap<>();

    GpioLink(Fleet fleet, GpioPins pins, Recorder recorder) {
        this.fleet = fleet;
        this.pins = pins;
        this.recorder = recorder;
    }

    @Override
    public void connection(ConnectionEvent event) {
        // Pins are wired to the gateway: nothing connects or drops.
    }

    @Override
    public void send(Message message) {
        if (message.channel() != Channel.TELEMETRY) {
            recorder.skipped(message);
            return;
        }
        pending.incrementAndGet();
        DeviceInfo device = fleet.get(message.deviceOrdinal());
        recorder.sentToPins(message, countersByProfile.computeIfAbsent(device.profile().id(),
                id -> counters(device.profile())));
        AtomicBoolean settled = new AtomicBoolean();
        pins.apply(device, message, new GpioPins.Outcome() {
            @Override
            public void acknowledged() {
                if (settled.compareAndSet(false, true)) {
                    recorder.playedOnPins(message);
                    pending.decrementAndGet();
                }
            }

            @Override
            public void rejected() {
                if (settled.compareAndSet(false, true)) {
                    recorder.rejected(message);
                    pending.decrementAndGet();
                }
            }

            @Override
            public void failed() {
                if (settled.compareAndSet(false, true)) {
                    recorder.failed(message);
                    pending.decrementAndGet();
                }
            }
        });
    }

    /** The metrics whose field is the {@code count} of a counter pin, e.g. {@code vehicles: {path: loop.count}}. */
    static Set<String> counters(DeviceProfile profile) {
        GpioTransport gpio = profile.transports() == null ? null : profile.transports().gpio();
        if (gpio == null || profile.definition().telemetry() == null) {
            return Set.of();
        }
        Set<String> counters = new HashSet<>();
        profile.definition().telemetry().fields().forEach((metric, field) -> gpio.pins().forEach((name, pin) -> {
            if (pin.mode() == GpioMode.COUNTER && (name + ".count").equals(field.path())) {
                counters.add(metric);
            }
        }));
        return Set.copyOf(counters);
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close(Duration timeout) {
    }
}
