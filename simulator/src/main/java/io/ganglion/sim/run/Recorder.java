package io.ganglion.sim.run;

import io.ganglion.sim.ledger.Ledger;
import io.ganglion.sim.plan.Message;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the transports report what became of each message: into the {@link Ledger} (what counts for the end-of-run
 * check) and the {@link RunStats} (progress, errors). Thread-safe. Each message is reported {@link #sent} at most
 * once, and then settled at most once: {@link #acknowledged}, {@link #rejected} or {@link #failed}.
 */
public final class Recorder {
    private final LongAdder commandsAnswered = new LongAdder();
    private final Ledger ledger;
    private final RunStats stats;
    private final ConcurrentMap<String, LongAdder> rejectedByDevice = new ConcurrentHashMap<>();

    public Recorder(Ledger ledger, RunStats stats) {
        this.ledger = ledger;
        this.stats = stats;
    }

    public Ledger ledger() {
        return ledger;
    }

    public RunStats stats() {
        return stats;
    }

    /** The message has left: written to the socket (or handed to the GPIO hook). */
    public void sent(Message message) {
        ledger.sent(message);
        stats.sent.increment();
    }

    /** A GPIO device's message has been handed to the pins ({@link Ledger#sentToPins}). */
    public void sentToPins(Message message, Set<String> counters) {
        ledger.sentToPins(message, counters, System.currentTimeMillis());
        stats.sent.increment();
    }

    /** The pins have played all of it. */
    public void playedOnPins(Message message) {
        ledger.playedOnPins(message);
        stats.acknowledged.increment();
    }

    /** The gateway confirmed it (for QoS 0 and non-confirmable requests: call right after {@link #sent}). */
    public void acknowledged(Message message) {
        ledger.acknowledged(message);
        stats.acknowledged.increment();
    }

    /** The gateway refused it (a CoAP 4.xx): expected for malformed messages, a finding for any other. */
    public void rejected(Message message) {
        stats.rejected.increment();
        rejectedByDevice.computeIfAbsent(message.deviceId(), id -> new LongAdder()).increment();
    }

    /** Sent, but no confirmation will come: the connection closed first, a timeout, a 5.xx. */
    public void failed(Message message) {
        stats.failed.increment();
    }

    /** It waits in its device's queue (window full, or not connected yet). */
    public void delayed(Message message) {
        stats.delayed.increment();
    }

    /** Never sent: its device's queue was full. The ledger never hears of it. */
    public void dropped(Message message) {
        stats.dropped.increment();
    }

    /** Never sent: nothing can carry it (status over CoAP, GPIO without pins). */
    public void skipped(Message message) {
        stats.skipped.increment();
    }

    /** A device confirmed a command the gateway sent it. */
    public void commandAnswered() {
        commandsAnswered.increment();
    }

    /** Commands the devices confirmed. */
    public long commandsAnswered() {
        return commandsAnswered.sum();
    }

    public void connected() {
        stats.connects.increment();
        stats.connected.increment();
    }

    /** The broker still had the session of a device that connected with {@code cleanSession=false}. */
    public void sessionResumed() {
        stats.resumedSessions.increment();
    }

    public void disconnected() {
        stats.connected.decrement();
    }

    public void connectFailed() {
        stats.connectFailures.increment();
    }

    public void droppedConnection() {
        stats.drops.increment();
    }

    public void closedUnexpectedly() {
        stats.unexpectedCloses.increment();
    }

    /** Messages the gateway rejected (CoAP 4.xx), by device. */
    public Map<String, Long> rejectedByDevice() {
        Map<String, Long> all = new TreeMap<>();
        rejectedByDevice.forEach((device, count) -> all.put(device, count.sum()));
        return all;
    }
}
