package io.ganglion.runtime.bench;

import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * The backlog of the sync benchmarks: window summaries as an outage leaves them in the outbox, 64 devices of one site,
 * a minute each, temperature and humidity.
 */
final class Backlog {
    private static final long T0 = 1_795_000_000_000L;

    private Backlog() {
    }

    static Summary summary(int i) {
        long start = T0 + (i / 64) * 60_000L;
        double base = 18 + (i % 13) * 0.37;
        return new Summary("site-12/node-" + (i % 64), i % 3 == 0 ? "humidity" : "temperature",
                i % 3 == 0 ? "%" : "Cel", start, start + 60_000, 60, base, base + 2.25, 60 * (base + 1.1), base + 0.5,
                start + 500, base + 1.75, start + 59_500);
    }

    /** Appends {@code records} summaries in transactions of 10,000, and prints how fast. */
    static void append(Outbox outbox, int records) throws Exception {
        long start = System.nanoTime();
        for (int from = 0; from < records; from += 10_000) {
            List<Payload> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(records, from + 10_000); i++) {
                chunk.add(summary(i));
            }
            outbox.append(chunk.toArray(Payload[]::new)).toCompletableFuture().get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %,d summaries appended to the outbox in %.1f s (%.0f/s)%n", records, seconds,
                records / seconds);
    }
}
