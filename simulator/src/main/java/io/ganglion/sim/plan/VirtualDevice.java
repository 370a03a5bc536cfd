package io.ganglion.sim.plan;

import io.ganglion.profiles.model.FirmwareVersion;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.sim.faults.DeviceFaults;
import io.ganglion.sim.faults.MalformedPayloads;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * One device's run: it connects and announces itself, sends telemetry every interval (with jitter), and suffers its
 * faults: malformed, duplicate, held-back and out-of-range messages, a skewed clock, silence, drops in disconnect
 * storms and a firmware update. Its actions (the next telemetry tick, drop, reconnect, update) are times it keeps;
 * the events they make wait in a short queue until they are due. Not thread-safe.
 */
final class VirtualDevice implements Timeline {
    private static final long NEVER = Long.MAX_VALUE;

    private final DeviceInfo info;
    private final long start;
    private final long end;
    private final long interval;
    private final double jitter;
    private final SplittableRandom schedule;
    private final DeviceFaults faults;
    private final TelemetryEncoder telemetry;
    private final ProfileSet profiles;
    private final ArrayDeque<SimEvent> due = new ArrayDeque<>(4);

    private final long startsAt;
    private FirmwareVersion firmware;
    private long connectAt;
    private long nextTick;
    private long nextDrop;
    private long reconnectAt = NEVER;
    private long updateAt;
    private Message held;

    VirtualDevice(DeviceInfo info, DeviceSchedule timing, DeviceFaults faults, TelemetryEncoder telemetry,
                  ProfileSet profiles) {
        this.info = info;
        this.start = timing.start();
        this.end = timing.end();
        this.interval = timing.intervalMillis();
        this.jitter = timing.jitter();
        this.schedule = timing.random();
        this.faults = faults;
        this.telemetry = telemetry;
        this.profiles = profiles;
        this.firmware = info.firmware();
        // Devices start spread over their first interval, as a real fleet does, not all in the same millisecond.
        this.connectAt = start + (long) (schedule.nextDouble() * interval);
        this.startsAt = connectAt;
        this.nextTick = connectAt;
        this.nextDrop = faults.nextDropAt(connectAt + 1);
        this.updateAt = faults.firmwareChangeAt();
    }

    DeviceInfo info() {
        return info;
    }

    /** When the device connects first. */
    long startsAt() {
        return startsAt;
    }

    @Override
    public long rank() {
        return 2L * info.ordinal();
    }

    @Override
    public long nextAt() {
        fill();
        return due.isEmpty() ? NEVER : due.peekFirst().at();
    }

    @Override
    public SimEvent poll() {
        fill();
        return due.pollFirst();
    }

    /** Runs actions until the first due event is known to be the earliest this device will make. */
    private void fill() {
        long action = nextAction();
        while (action < end && (due.isEmpty() || action <= due.peekFirst().at())) {
            run(action);
            action = nextAction();
        }
    }

    private long nextAction() {
        return Math.min(Math.min(connectAt, reconnectAt), Math.min(Math.min(updateAt, nextDrop), nextTick));
    }

    /** Actions at the same time run in this order: connect, reconnect, update, drop, telemetry. */
    private void run(long time) {
        if (connectAt == time) {
            connectAt = NEVER;
            add(new ConnectionEvent(info.id(), info.ordinal(), time, ConnectionEvent.Kind.CONNECT));
            add(status(time));
        } else if (reconnectAt == time) {
            reconnectAt = NEVER;
            nextDrop = faults.nextDropAt(time + 1);
            add(new ConnectionEvent(info.id(), info.ordinal(), time, ConnectionEvent.Kind.RECONNECT));
            add(status(time));
        } else if (updateAt == time) {
            updateAt = NEVER;
            update(time);
        } else if (nextDrop == time) {
            nextDrop = NEVER;
            reconnectAt = time + faults.reconnectDelayMillis();
            add(new ConnectionEvent(info.id(), info.ordinal(), time, ConnectionEvent.Kind.DROP));
        } else if (faults.silentAt(time)) {
            // Skip the silence in one step: a device quiet for good must not tick to the end of time.
            nextTick = faults.silentUntil();
        } else {
            tick(time);
            nextTick = time + Math.max(1, Math.round(interval * (1 + jitter * (schedule.nextDouble() * 2 - 1))));
        }
    }

    private boolean connected() {
        return connectAt == NEVER && reconnectAt == NEVER;
    }

    private void update(long time) {
        firmware = faults.firmwareChangeTo();
        telemetry.switchTo(profiles.select(telemetry.profile().model(), firmware).orElseThrow());
        if (connected()) { // else the reconnect announces it
            add(status(time));
        }
    }

    private void tick(long time) {
        if (!connected()) {
            return; // a device that is down takes no readings it could send
        }
        TelemetryEncoder.Encoded encoded = telemetry.next(time, time - start, faults);
        Message message;
        if (faults.malformed()) {
            MalformedPayloads.Corrupt corrupt = MalformedPayloads.corrupt(telemetry.profile(), info.id(),
                    encoded.payload());
            message = telemetryMessage(time, corrupt.payload(), Tally.malformed(corrupt.reason()));
        } else {
            message = telemetryMessage(time, encoded.payload(), Tally.readings(encoded.readings()));
            if (held == null && faults.holdBack()) {
                held = message;
                return;
            }
        }
        add(message);
        if (message.tally().kind() == Tally.Kind.READINGS && faults.duplicate()) {
            add(telemetryMessage(time, message.payload(), message.tally().asDuplicate()));
        }
        if (held != null) {
            // Sent after a newer one, at the newer one's time: the gateway sees its older timestamp second.
            add(telemetryMessage(time, held.payload(), held.tally()));
            held = null;
        }
    }

    private Message telemetryMessage(long time, byte[] payload, Tally tally) {
        return new Message(info.id(), info.ordinal(), Channel.TELEMETRY, payload, info.qos(), time, tally);
    }

    private Message status(long time) {
        return new Message(info.id(), info.ordinal(), Channel.STATUS, DeviceInfo.onlineStatus(firmware), 1, time,
                Tally.status());
    }

    /** Queues an event in time order, after those of the same time. */
    private void add(SimEvent event) {
        if (event.at() >= end) {
            return;
        }
        if (due.isEmpty() || due.peekLast().at() <= event.at()) {
            due.addLast(event);
            return;
        }
        ArrayDeque<SimEvent> later = new ArrayDeque<>();
        while (!due.isEmpty() && due.peekLast().at() > event.at()) {
            later.addFirst(due.pollLast());
        }
        due.addLast(event);
        for (Iterator<SimEvent> it = later.iterator(); it.hasNext();) {
            due.addLast(it.next());
        }
    }
}
