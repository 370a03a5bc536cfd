package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.DetectionCount;
import io.ganglion.cloud.wire.StatusChange;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.cloud.wire.SyncRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic payloads for tests and the benchmark's unit check. */
public final class Records {
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

    private static final String[][] METRICS = {
        {"temperature", "Cel", "21.5", "0.05"}, {"humidity", "%RH", "48", "0.2"},
        {"pressure", "Pa", "101325", "3"}, {"battery", "V", "3.6", "0.002"}};

    /**
     * What a site's outbox holds after a while: 25 devices x 4 metrics, consecutive 60 s windows, each summarising
     * 60 readings (1 Hz) of a random walk with two decimals, as WindowSummaries would, numbered from seq 1.
     */
    public static List<SyncRecord> realisticSummaries(int n, long seed) {
        Random random = new Random(seed);
        List<SyncRecord> records = new ArrayList<>(n);
        double[] level = new double[100];
        for (int i = 0; i < level.length; i++) {
            level[i] = Double.parseDouble(METRICS[i % 4][2]);
        }
        for (int i = 0; i < n; i++) {
            int series = i % 100;
            String[] metric = METRICS[series % 4];
            double step = Double.parseDouble(metric[3]);
            long start = T0 + (i / 100) * 60_000L;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            double first = 0;
            double last = 0;
            for (int r = 0; r < 60; r++) {
                level[series] = Math.round((level[series] + (random.nextDouble() - 0.5) * step) * 100) / 100.0;
                double v = level[series];
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                first = r == 0 ? v : first;
                last = v;
            }
            long jitter = random.nextInt(900);
            records.add(new SyncRecord(i + 1, new Summary(String.format("site-12/node-%02d", series / 4),
                    metric[0], metric[1], start, start + 60_000, 60, min, max, sum, first, start + jitter, last,
                    start + 59_000 + jitter)));
        }
        return records;
    }
}
