package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;

/** Realistic payloads for tests and the benchmark's unit check. */
final class Records {
    static final long T0 = 1_795_000_000_000L; // 2026-11-18

    private Records() {
    }

    static Summary summary(int i) {
        long start = T0 + i * 60_000L;
        double base = 20 + (i % 7) * 0.37;
        return new Summary("intersection-7/temp-" + (i % 16), "temperature", "Cel", start, start + 60_000, 60,
                base - 0.4, base + 0.6, 60 * base + 1.3, base - 0.1, start + 512, base + 0.2, start + 59_488);
    }

    static DetectionCount detections(int i) {
        long start = T0 + i * 60_000L;
        return new DetectionCount("camera-" + (i % 4), "car", "lane-1", start, start + 60_000, 600, 40 + i % 9, 3);
    }

    static StatusChange status(int i) {
        return new StatusChange("device-" + i, i % 2 == 0 ? "online" : "offline", "1.4.2", T0 + i * 1000L);
    }

    static Alert alert(int i) {
        return new Alert("device-" + i, "critical", "temperature_high", "above 80 Cel for 5 min", T0 + i * 1000L);
    }
}
