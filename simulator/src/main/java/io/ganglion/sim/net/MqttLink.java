package io.ganglion.sim.net;

import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.run.Link;
import io.ganglion.sim.run.Recorder;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MQTT devices over the Vert.x MQTT client: one client per device (client id = device id) on the shared event loops,
 * so that 10,000 devices fit in one process. Connects are paced ({@link MqttSettings#connectsInFlight}); each device
 * has a window of unacknowledged QoS 1 messages ({@link MqttSettings#maxInflight}) and a bounded queue behind it
 * ({@link MqttSettings#maxQueued}): a message that finds the queue full is dropped and counted, and the caller never
 * waits.
 *
 * <p>Acknowledged means a PUBACK for QoS 1 and written to the socket for QoS 0. Telemetry, status and frames go to
 * the profile's topics ({@code devices/{id}/telemetry|status|frames} by default) at the message's QoS; the last will
 * ({@code offline}, QoS 1) is on the status topic when the group asks for it.
 */
public final class MqttLink implements Link {
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final MqttSettings settings;
    private final Recorder recorder;
    private final Map<Integer, MqttDevice> devices = new HashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param vertx    the Vert.x to run on, or {@code null} for one of its own (closed with the link)
     * @param devices  the MQTT devices of the fleet
     * @throws IllegalArgumentException when a device's profile has topics that need more than {@code {deviceId}}, or
     *                                  the settings have no password or client certificate for a device
     */
    public MqttLink(Vertx vertx, Collection<DeviceInfo> devices, MqttSettings settings, Recorder recorder) {
        // Before any client exists: a device without its password or certificate fails the build, naming the file.
        List<String> ids = devices.stream().map(DeviceInfo::id).toList();
        settings.logins().checkCovers(ids);
        if (settings.tls() != null) {
            settings.tls().checkCovers(ids);
        }
        this.ownsVertx = vertx == null;
        this.vertx = vertx != null ? vertx : Vertx.vertx();
        this.settings = settings;
        this.recorder = recorder;
        ConnectPacer pacer = new ConnectPacer(settings.connectsInFlight());
        Runnable settled = pending::decrementAndGet;
        for (DeviceInfo device : devices) {
            this.devices.put(device.ordinal(), new MqttDevice(device, this.vertx, settings, pacer, recorder,
                    settled));
        }
    }

    private MqttDevice device(int ordinal) {
        MqttDevice device = devices.get(ordinal);
        if (device == null) {
            throw new IllegalArgumentException("device #" + ordinal + " is not an MQTT device of this link");
        }
        return device;
    }

    @Override
    public void connection(ConnectionEvent event) {
        MqttDevice device = device(event.deviceOrdinal());
        switch (event.kind()) {
            case CONNECT, RECONNECT -> device.run(device::connect);
            case DROP -> device.run(device::drop);
        }
    }

    @Override
    public void send(Message message) {
        MqttDevice device = device(message.deviceOrdinal());
        if (device.queued.incrementAndGet() > settings.maxQueued()) {
            device.queued.decrementAndGet();
            recorder.dropped(message);
            return;
        }
        pending.incrementAndGet();
        device.run(() -> device.enqueue(message));
    }

    @Override
    public long pending() {
        return pending.get();
    }

    @Override
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CountDownLatch closed = new CountDownLatch(devices.size());
        for (MqttDevice device : devices.values()) {
            device.run(() -> device.closeCleanly().onComplete(v -> closed.countDown()));
        }
        try {
            closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (ownsVertx) {
                // Let the DISCONNECT packets leave before the event loops stop.
                vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
