package io.ganglion.sim.run;

import io.ganglion.sim.plan.Channel;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.Fleet;
import io.ganglion.sim.plan.Message;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** GPIO devices through a {@link GpioPins} hook; status messages have no meaning for a pin and are skipped. */
final class GpioLink implements Link {
    private final Fleet fleet;
    private final GpioPins pins;
    private final Recorder recorder;
    private final AtomicLong pending = new AtomicLong();

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
        recorder.sent(message);
        AtomicBoolean settled = new AtomicBoolean();
        pins.apply(fleet.get(message.deviceOrdinal()), message, new GpioPins.Outcome() {
            @Override
            public void acknowledged() {
                if (settled.compareAndSet(false, true)) {
                    recorder.acknowledged(message);
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

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close(Duration timeout) {
    }
}
