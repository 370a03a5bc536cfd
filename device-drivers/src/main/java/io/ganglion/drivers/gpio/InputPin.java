package io.ganglion.drivers.gpio;

import io.ganglion.profiles.model.GpioPin;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One input pin's state: debounce, activations and active time in the current window. Pi4J's listener thread calls
 * {@link #onLine}, the driver's scheduler calls the rest; one monitor guards the few fields, and nothing here
 * allocates per change except the debounce confirmation, of which at most one is pending per pin.
 *
 * <p>Debounce: a change counts only once the line has stayed in its new state for the debounce time, and then it
 * counts from the moment it began, so occupancy is not skewed by the debounce delay. With activeLow the pin is
 * active while the line is low; "activations" are then falling edges of the line.
 */
final class InputPin {
    /** What a window of this pin amounted to. */
    record Window(int activations, double activePercent, boolean active) {
    }

    private final String name;
    private final GpioPin spec;
    private final long debounceMicros;
    private final EpochMicros clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<InputPin> onAccepted;
    private final Runnable confirm = this::confirm;

    // Guarded by this.
    private boolean rawActive;
    private long rawChangedAt;
    private boolean confirmPending;
    private boolean active;
    private long activeSince;
    private long activeMicros;
    private long windowStart;
    private int activations;

    /**
     * @param onAccepted run after each change that passed the debounce (edge pins report it), outside the monitor
     */
    InputPin(String name, GpioPin spec, EpochMicros clock, ScheduledExecutorService scheduler,
             Consumer<InputPin> onAccepted) {
        this.name = name;
        this.spec = spec;
        this.debounceMicros = spec.debounce().toNanos() / 1000;
        this.clock = clock;
        this.scheduler = scheduler;
        this.onAccepted = onAccepted;
    }

    String name() {
        return name;
    }

    GpioPin spec() {
        return spec;
    }

    /** Takes the line's state when the pin is opened; the first window starts now. */
    synchronized void begin(boolean lineHigh) {
        long now = clock.now();
        rawActive = lineHigh != spec.activeLow();
        active = rawActive;
        rawChangedAt = now;
        windowStart = now;
        activeSince = now;
    }

    /** The line changed (Pi4J listener thread). */
    void onLine(boolean lineHigh) {
        long now = clock.now();
        boolean nowActive = lineHigh != spec.activeLow();
        boolean accepted = false;
        boolean scheduleConfirm = false;
        synchronized (this) {
            if (nowActive == rawActive) {
                return;
            }
            rawActive = nowActive;
            rawChangedAt = now;
            if (debounceMicros == 0) {
                accepted = apply(nowActive, now);
            } else if (!confirmPending) {
                confirmPending = true;
                scheduleConfirm = true;
            }
        }
        if (scheduleConfirm) {
            schedule(debounceMicros);
        }
        if (accepted) {
            onAccepted.accept(this);
        }
    }

    /** Accepts the line's state once it has been stable for the debounce time (scheduler thread). */
    private void confirm() {
        long now = clock.now();
        long wait = 0;
        boolean accepted = false;
        synchronized (this) {
            long stable = now - rawChangedAt;
            if (stable < debounceMicros) {
                wait = debounceMicros - stable;
            } else {
                confirmPending = false;
                accepted = apply(rawActive, rawChangedAt);
            }
        }
        if (wait > 0) {
            schedule(wait);
        }
        if (accepted) {
            onAccepted.accept(this);
        }
    }

    private void schedule(long delayMicros) {
        try {
            scheduler.schedule(confirm, delayMicros, TimeUnit.MICROSECONDS);
        } catch (RejectedExecutionException stopping) {
            // The driver is stopping; the change falls into no further window.
        }
    }

    private boolean apply(boolean nowActive, long at) {
        if (nowActive == active) {
            return false; // a bounce that came back before the debounce time
        }
        long since = Math.max(at, windowStart);
        if (nowActive) {
            activeSince = since;
            activations++;
        } else {
            activeMicros += since - activeSince;
        }
        active = nowActive;
        return true;
    }

    /** The pin's debounced state: true when active. */
    synchronized boolean active() {
        return active;
    }

    /** Ends the current window at {@code end} (epoch micros) and starts the next one there. */
    synchronized Window closeWindow(long end) {
        long length = Math.max(1, end - windowStart);
        long activeTotal = activeMicros + (active ? Math.max(0, end - activeSince) : 0);
        Window window = new Window(activations, Math.min(100.0, 100.0 * activeTotal / length), active);
        activations = 0;
        activeMicros = 0;
        windowStart = end;
        activeSince = end;
        return window;
    }
}
