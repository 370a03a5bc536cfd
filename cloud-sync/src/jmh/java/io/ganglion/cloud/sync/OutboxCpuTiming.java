package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.SyncRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The outbox thread's CPU to take a batch of 1,000 summaries and acknowledge it, from an outbox of about 1M rows
 * (kept there: each round appends 1,000 more, timed apart). CPU is the outbox thread's own (ThreadMXBean), so the
 * commits' fsync waits do not count; wall time is printed beside it. Medians of the rounds. Not a JMH benchmark:
 * JMH times the caller, which waits for the outbox's thread. Run from the benchmarks jar:
 * {@code java -cp cloud-sync/target/benchmarks.jar io.ganglion.cloud.sync.OutboxCpuTiming [rows] [rounds]}
 */
public final class OutboxCpuTiming {
    private OutboxCpuTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int batch = 1000;
        Path dir = Files.createTempDirectory("outbox-timing");
        List<SyncRecord> sample = Records.realisticSummaries(10_000, 7);
        try (Outbox outbox = join(Outbox.open(new OutboxSettings(dir.resolve("outbox.db"), 8L << 30, 1024),
                Clock.systemUTC()))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < rows; i += sample.size()) {
                join(outbox.append(sample.stream().map(SyncRecord::payload).toList(), null));
            }
            System.out.printf("filled %,d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long outboxThread = join(outbox.stats().thenApply(s -> Thread.currentThread().getId()));
            int warmup = Math.max(20, rounds / 5);
            long[] cpu = new long[rounds];
            long[] wall = new long[rounds];
            long[] takeCpu = new long[rounds];
            long[] appendCpu = new long[rounds];
            List<Payload> more = sample.subList(0, batch).stream().map(SyncRecord::payload).toList();
            for (int r = -warmup; r < rounds; r++) {
                long c0 = mx.getThreadCpuTime(outboxThread);
                long w0 = System.nanoTime();
                List<Long> seqs = take(outbox, batch);
                long cTaken = mx.getThreadCpuTime(outboxThread);
                join(outbox.acknowledge(seqs));
                long c1 = mx.getThreadCpuTime(outboxThread);
                long w1 = System.nanoTime();
                if (seqs.size() != batch) {
                    throw new IllegalStateException("took " + seqs.size());
                }
                join(outbox.append(more, null));
                if (r >= 0) {
                    cpu[r] = c1 - c0;
                    takeCpu[r] = cTaken - c0;
                    wall[r] = w1 - w0;
                    appendCpu[r] = mx.getThreadCpuTime(outboxThread) - c1;
                }
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            Arrays.sort(takeCpu);
            Arrays.sort(appendCpu);
            System.out.printf("RESULT outbox take+ack of %d from %,d rows: cpu median %.2f us/record"
                            + " (p10 %.2f, p90 %.2f; take alone %.2f), wall median %.2f ms/batch;"
                            + " append of %d in one transaction: cpu median %.2f us/record; %d rounds%n",
                    batch, rows, cpu[rounds / 2] / 1000.0 / batch, cpu[rounds / 10] / 1000.0 / batch,
                    cpu[rounds * 9 / 10] / 1000.0 / batch, takeCpu[rounds / 2] / 1000.0 / batch,
                    wall[rounds / 2] / 1e6, batch, appendCpu[rounds / 2] / 1000.0 / batch, rounds);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<Long> take(Outbox outbox, int batch) {
        return join(outbox.nextStoredBatch(BatchRequest.of(batch, 64 << 20))).stream().map(StoredRecord::seq).toList();
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
