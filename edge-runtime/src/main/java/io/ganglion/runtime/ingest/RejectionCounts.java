package io.ganglion.runtime.ingest;

import io.ganglion.profiles.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many messages of each device the ingest pipeline rejected since the gateway started, by reason: the per-device
 * breakdown of {@code ganglion_ingest_rejected_total}, for {@code GET /api/v1/devices/{id}/counts}. In memory only
 * (the {@code rejected} table keeps just the newest {@code store.rejectedKeep}), so it starts at zero on every start.
 *
 * <p>Bounded: a device the {@link DeviceRegistry} knows always gets its own entry, so there are at most as many of
 * those as known devices; any other id (a stranger rejected as {@code unknown_device}, an oversize message from an id
 * not registered yet) gets one only while fewer than {@code maxOtherIds} such entries exist. Beyond that, its
 * rejections are counted together under "other devices" ({@link #otherDevices()},
 * {@code ganglion_ingest_rejected_other_devices_total}) and it has no entry of its own.
 *
 * <p>Thread-safe and cheap: {@link #count} may run on any thread (the pipeline calls it where a rejection's store
 * write completes, on the store writer thread; reads come from the API's query pool). Once a device has its entry it
 * is a map lookup and an atomic increment, with no lock and nothing that blocks.
 */
public final class RejectionCounts {
    /** Entries for ids the registry does not know; enough for a fleet's worth of strangers, about 2 MB at most. */
    public static final int DEFAULT_MAX_OTHER_IDS = 10_000;
    private static final RejectReason[] REASONS = RejectReason.values();

    /** What was rejected, in total and per reason (only the reasons that occurred, in {@link RejectReason} order). */
    public record Rejections(long total, Map<RejectReason, Long> byReason) {
        /** Nothing rejected. */
        public static final Rejections NONE = new Rejections(0, Map.of());

        static Rejections of(AtomicLongArray counts) {
            Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
            long total = 0;
            for (RejectReason reason : REASONS) {
                long n = counts.get(reason.ordinal());
                if (n > 0) {
                    byReason.put(reason, n);
                    total += n;
                }
            }
            return new Rejections(total, Collections.unmodifiableMap(byReason));
        }
    }

    private final DeviceRegistry registry;
    private final int maxOtherIds;
    private final ConcurrentHashMap<String, AtomicLongArray> byDevice = new ConcurrentHashMap<>();
    /** Entries made for ids the registry did not know; never above {@link #maxOtherIds}. */
    private final AtomicInteger otherIds = new AtomicInteger();
    private final AtomicLongArray otherDevices = new AtomicLongArray(REASONS.length);

    public RejectionCounts(DeviceRegistry registry, int maxOtherIds) {
        if (maxOtherIds < 0) {
            throw new IllegalArgumentException("maxOtherIds must be 0 or more, got " + maxOtherIds);
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.maxOtherIds = maxOtherIds;
    }

    /** Registers {@code ganglion_ingest_rejected_other_devices_total}: rejections of ids beyond the bound. */
    RejectionCounts bind(MeterRegistry meters) {
        FunctionCounter.builder("ganglion.ingest.rejected.other.devices", this, c -> c.otherDevices().total())
                .description("Device messages rejected from ids counted together, not per device, because "
                        + maxOtherIds + " ids unknown to the gateway already had counts of their own")
                .register(meters);
        return this;
    }

    /** One more rejected message of {@code deviceId}. */
    public void count(String deviceId, RejectReason reason) {
        AtomicLongArray counts = byDevice.get(deviceId);
        if (counts == null) {
            counts = entryFor(deviceId);
        }
        counts.incrementAndGet(reason.ordinal());
    }

    private AtomicLongArray entryFor(String deviceId) {
        if (registry.find(deviceId).isPresent()) {
            return byDevice.computeIfAbsent(deviceId, id -> new AtomicLongArray(REASONS.length));
        }
        if (otherIds.incrementAndGet() > maxOtherIds) {
            otherIds.decrementAndGet();
            return otherDevices;
        }
        AtomicLongArray fresh = new AtomicLongArray(REASONS.length);
        AtomicLongArray earlier = byDevice.putIfAbsent(deviceId, fresh);
        if (earlier != null) { // another thread made it meanwhile: its slot was taken, give ours back
            otherIds.decrementAndGet();
            return earlier;
        }
        return fresh;
    }

    /** The device's rejections since start; empty when it has no entry (none rejected, or counted as other). */
    public Optional<Rejections> of(String deviceId) {
        AtomicLongArray counts = byDevice.get(deviceId);
        return counts == null ? Optional.empty() : Optional.of(Rejections.of(counts));
    }

    /** Rejections of ids that came after {@code maxOtherIds} unknown ids already had their own entry. */
    public Rejections otherDevices() {
        return Rejections.of(otherDevices);
    }
}
