package io.ganglion.runtime.ingest;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import io.ganglion.drivers.Transport;
import io.ganglion.inference.source.CameraFrame;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.LogThrottle;
import io.ganglion.profiles.Profile;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.runtime.config.IngestConfig;
import io.ganglion.runtime.profiles.DeviceProfiles;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.StoreWrite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every device message takes, whatever its transport: size check, device lookup, profile decode,
 * timestamp check, then a write to the local store. Runs on the calling driver's thread (an event loop or a Paho
 * thread) and never blocks: decoding is CPU-only and the store is reached through a bounded, non-blocking offer.
 *
 * <p>Bad input is not an error of the gateway: it becomes a rejected-message record, a count in
 * {@code ganglion_ingest_rejected_total{reason}} and a rate-limited log line, and the message is acknowledged once the
 * rejection is recorded, so a device does not resend a payload that can never be accepted.
 */
public final class IngestPipeline implements IngestSink {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final DeviceRegistry devices;
    private final DeviceProfiles profiles;
    private final LocalStore store;
    private final IngestConfig config;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final LogThrottle rejectLog = new LogThrottle(Duration.ofSeconds(5));
    private final FrameIntake frames;
    private final RejectionCounts rejections;
    private volatile StatusListener statusStored = (device, state, firmware, time) -> { };

    public IngestPipeline(DeviceRegistry devices, DeviceProfiles profiles, LocalStore store, IngestConfig config,
                          Clock clock, MeterRegistry registry) {
        this(devices, profiles, store, config, clock, registry, FrameIntake.NONE);
    }

    /** @param frames where camera frames go; see {@link #submitFrame} */
    public IngestPipeline(DeviceRegistry devices, DeviceProfiles profiles, LocalStore store, IngestConfig config,
                          Clock clock, MeterRegistry registry, FrameIntake frames) {
        this.frames = frames;
        this.devices = devices;
        this.profiles = profiles;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.metrics = new IngestMetrics(registry);
        this.rejections = new RejectionCounts(devices, RejectionCounts.DEFAULT_MAX_OTHER_IDS).bind(registry);
    }

    /** What this pipeline rejected since start, per device and reason, whatever the transport. */
    public RejectionCounts rejections() {
        return rejections;
    }

    @Override
    public CompletionStage<IngestResult> submit(InboundMessage message) {
        metrics.received(message.transport()).increment();
        if (message.channel() == Channel.STATUS) {
            return submitStatus(message);
        }
        if (message.channel() == Channel.FRAMES) {
            return submitFrame(message);
        }
        if (message.channel() != Channel.TELEMETRY) {
            return reject(message, RejectReason.MALFORMED, "the gateway does not take " + message.channel()
                    + " messages yet");
        }
        try {
            DeviceRegistry.KnownDevice device = acceptedDevice(message);
            Profile profile = profiles.profileFor(device);
            List<Reading> readings;
            try {
                readings = profile.decodeTelemetry(device.id(), message.payload(), message.receivedAt());
            } catch (RuntimeException e) {
                // A decoder bug must not turn one payload into a poison message the device resends for ever: it is
                // rejected, counted and kept for inspection like any malformed payload, and logged for us to fix.
                LOG.error("decoding a message of '{}' failed unexpectedly; rejected as malformed", device.id(), e);
                return reject(message, RejectReason.MALFORMED, "the decoder failed: " + e);
            }
            countBadQuality(readings);
            List<Reading> checked = TimestampCheck.apply(readings, clock.millis(), config, metrics.clockSkewed);
            return write(StoreWrite.readings(device.id(), message.transport().label(), profile.id(),
                    message.receivedAt(), checked));
        } catch (DecodeException e) {
            return reject(message, e.reason(), e.getMessage());
        }
    }

    /** Tells {@code listener} about every status message once it is committed; set it before intake starts. */
    public void onStatusStored(StatusListener listener) {
        this.statusStored = listener;
    }

    /** A firmware announcement or state change: stored with the device, and the firmware selects its profile. */
    private CompletionStage<IngestResult> submitStatus(InboundMessage message) {
        metrics.statusMessages.increment();
        try {
            DeviceRegistry.KnownDevice device = acceptedDevice(message);
            StatusMessage status = StatusMessage.parse(message.payload());
            CompletionStage<IngestResult> committed = write(StoreWrite.status(device.id(), message.transport().label(),
                    device.profileKey(), message.receivedAt(), status.firmware(), status.state()))
                    .thenApply(result -> {
                        statusStored.statusStored(device.id(), status.state(), status.firmware(),
                                message.receivedAt());
                        return result;
                    });
            if (status.firmware() == null || status.firmware().equals(device.firmware())) {
                return committed;
            }
            // Only once it is stored: a crash in between must not leave the gateway decoding with a profile the
            // store does not know the device asked for.
            return committed.thenApply(result -> {
                devices.announced(device.id(), status.firmware()).ifPresent(this::reportFirmwareChange);
                return result;
            });
        } catch (DecodeException e) {
            return reject(message, e.reason(), e.getMessage());
        }
    }

    /**
     * A camera frame: checked against {@code vision.maxFrameBytes} (not {@code ingest.maxPayloadBytes}: frames are
     * larger than telemetry) and handed to the camera's newest-frame slot. The stage completes at once, so the device
     * is acknowledged when the frame is accepted, before it is analysed: frames are best effort by design, a newer
     * frame replaces one that waits, and the frame itself is never stored, only what the model finds in it.
     */
    private CompletionStage<IngestResult> submitFrame(InboundMessage message) {
        if (message.payload().length > frames.maxFrameBytes()) {
            return reject(message, RejectReason.OVERSIZE, "frame of " + message.payload().length
                    + " bytes is larger than vision.maxFrameBytes=" + frames.maxFrameBytes());
        }
        if (devices.resolve(message.deviceId()).isEmpty()) {
            return reject(message, RejectReason.UNKNOWN_DEVICE, "device '" + message.deviceId()
                    + "' is not declared in devices and ingest.autoRegister is off");
        }
        if (message.payload().length == 0) {
            return reject(message, RejectReason.EMPTY, "empty frame");
        }
        if (!frames.isCamera(message.deviceId())) {
            return reject(message, RejectReason.MALFORMED, "device '" + message.deviceId() + "' is not a camera: "
                    + "frames are taken from devices whose profile has camera.detection");
        }
        CameraFrame frame = new CameraFrame(
                message.deviceId(), message.payload(), message.receivedAt(),
                message.transport().label() + " " + message.address());
        if (!frames.offer(frame)) {
            return CompletableFuture.failedFuture(new OverloadedException("the vision pipeline is stopping"));
        }
        return CompletableFuture.completedFuture(IngestResult.STORED);
    }

    /** Profiles mark values outside a metric's valid range BAD and keep them; count them so it shows. */
    private void countBadQuality(List<Reading> readings) {
        for (int i = 0; i < readings.size(); i++) {
            if (readings.get(i).quality() == io.ganglion.profiles.Quality.BAD) {
                metrics.badQuality.increment();
            }
        }
    }

    /** A firmware change is rare and decides how everything after it is decoded: say what it selected. */
    private void reportFirmwareChange(DeviceRegistry.KnownDevice device) {
        DeviceProfiles.Choice choice = profiles.choose(device);
        if (choice.found()) {
            LOG.info("device '{}' announced firmware {}: decoding with profile '{}'", device.id(), device.firmware(),
                    choice.profile().id());
        } else {
            LOG.warn("device '{}' announced firmware {}: {}; its telemetry is rejected as {} until a profile covers "
                    + "it", device.id(), device.firmware(), choice.problem(), choice.reason().label());
        }
    }

    @Override
    public boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException {
        return store.awaitCapacity(timeout, unit);
    }

    private DeviceRegistry.KnownDevice acceptedDevice(InboundMessage message) throws DecodeException {
        if (message.payload().length > config.maxPayloadBytes()) {
            throw new DecodeException(RejectReason.OVERSIZE, "payload of " + message.payload().length
                    + " bytes is larger than ingest.maxPayloadBytes=" + config.maxPayloadBytes());
        }
        return devices.resolve(message.deviceId()).orElseThrow(() -> new DecodeException(RejectReason.UNKNOWN_DEVICE,
                "device '" + message.deviceId() + "' is not declared in devices and ingest.autoRegister is off"));
    }

    private CompletionStage<IngestResult> reject(InboundMessage message, RejectReason reason, String detail) {
        metrics.rejected(reason).increment();
        long skipped = rejectLog.admit();
        if (skipped >= 0) {
            LOG.warn("rejected {} message from device '{}' on {}: {}: {} ({} more rejections not logged)",
                    message.transport().label(), message.deviceId(), message.address(), reason.label(), detail,
                    skipped);
        }
        IngestResult rejected = IngestResult.rejected(reason, detail);
        return write(StoreWrite.rejected(message.receivedAt(), message.transport().label(), message.deviceId(),
                message.address(), reason, detail, message.payload())).thenApply(stored -> {
                    // Counted once recorded, before the device hears of it: a submit that the full store queue turned
                    // away is retried by its driver and must not count twice.
                    rejections.count(message.deviceId(), reason);
                    return rejected;
                });
    }

    private CompletionStage<IngestResult> write(StoreWrite write) {
        if (!store.offer(write)) {
            metrics.overloaded.increment();
            return CompletableFuture.failedFuture(new OverloadedException("store queue is full"));
        }
        return write.done().thenApply(committed -> IngestResult.STORED);
    }

    /** The pipeline's own meters, made once: a registry lookup per message costs. The store counts what it stores. */
    private static final class IngestMetrics {
        private final java.util.Map<Transport, Counter> receivedByTransport = new java.util.EnumMap<>(Transport.class);
        private final java.util.Map<RejectReason, Counter> rejectedByReason = new java.util.EnumMap<>(RejectReason.class);
        final Counter statusMessages;
        final Counter overloaded;
        final Counter clockSkewed;
        final Counter badQuality;

        IngestMetrics(MeterRegistry registry) {
            this.statusMessages = Counter.builder("ganglion.ingest.status.messages")
                    .description("Status messages received (firmware announcements, state changes)")
                    .register(registry);
            this.overloaded = Counter.builder("ganglion.ingest.overloaded")
                    .description("Submits refused because the store queue was full; the driver retried them")
                    .register(registry);
            this.clockSkewed = Counter.builder("ganglion.ingest.clock.skewed")
                    .description("Readings stored with UNCERTAIN quality because the device clock is skewed")
                    .register(registry);
            this.badQuality = Counter.builder("ganglion.ingest.bad.quality")
                    .description("Readings stored with BAD quality: outside the valid range their profile gives")
                    .register(registry);
            // Registered up front so that every reason and transport shows in /metrics, at 0.
            for (RejectReason reason : RejectReason.values()) {
                rejectedByReason.put(reason, Counter.builder("ganglion.ingest.rejected").tag("reason", reason.label())
                        .description("Device messages rejected, by reason").register(registry));
            }
            for (Transport transport : Transport.values()) {
                receivedByTransport.put(transport, Counter.builder("ganglion.ingest.received")
                        .tag("transport", transport.label())
                        .description("Device messages handed to the pipeline").register(registry));
            }
        }

        Counter received(Transport transport) {
            return receivedByTransport.get(transport);
        }

        Counter rejected(RejectReason reason) {
            return rejectedByReason.get(reason);
        }
    }
}
