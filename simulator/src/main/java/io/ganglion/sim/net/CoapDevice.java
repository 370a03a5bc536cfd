package io.ganglion.sim.net;

import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.run.Recorder;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One CoAP device's window of confirmable requests awaiting a response and the bounded queue behind it. Thread-safe:
 * the runner adds, Californium's threads settle.
 */
final class CoapDevice {
    private final DeviceInfo info;
    private final String telemetryPath;
    private final String framesPath;
    private final int maxInflight;
    private final Recorder recorder;
    private final ArrayDeque<Message> waiting = new ArrayDeque<>();
    private int inflight;
    private int queued;

    CoapDevice(DeviceInfo info, String telemetryPath, String framesPath, int maxInflight, Recorder recorder) {
        this.info = info;
        this.telemetryPath = telemetryPath;
        this.framesPath = framesPath;
        this.maxInflight = maxInflight;
        this.recorder = recorder;
    }

    DeviceInfo info() {
        return info;
    }

    String telemetryPath() {
        return telemetryPath;
    }

    String framesPath() {
        return framesPath;
    }

    /**
     * @return whether the message was taken (sent now through {@code send}, or queued); false: the queue is full
     */
    boolean offer(Message message, int maxQueued, Consumer<Message> send) {
        synchronized (this) {
            if (message.qos() > 0 && inflight >= maxInflight) {
                if (queued >= maxQueued) {
                    return false;
                }
                waiting.addLast(message);
                queued++;
                recorder.delayed(message);
                return true;
            }
            if (message.qos() > 0) {
                inflight++;
            }
        }
        send.accept(message);
        return true;
    }

    /** A confirmable request is settled: the next waiting one goes. */
    void settled(Consumer<Message> send) {
        Message next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inflight--;
                return;
            }
            queued--;
        }
        send.accept(next);
    }

    /** At the end of the run: what still waits is dropped. */
    int dropWaiting() {
        int dropped = 0;
        synchronized (this) {
            for (Message message = waiting.poll(); message != null; message = waiting.poll()) {
                recorder.dropped(message);
                dropped++;
            }
            queued = 0;
        }
        return dropped;
    }
}
